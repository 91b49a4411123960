"""The report of a check: the record, the sentences for people, policy citations, and its renderings
(text, HTML, outline, thumbnails)."""
