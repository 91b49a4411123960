"""Packages that look like what clinics send, made without ``samples.synth`` (its layouts, values
and file names are the project's own): scans named scan0001.jpg in nested folders, phone photos,
one merged scanned PDF in a Windows zip, and text packages of forms, letters and spreadsheets
written with python-docx, openpyxl and reportlab in layouts of this module's own.
``python -m benchmarks.realistic OUT`` writes every package into OUT."""
