from benchmarks.realistic.packages import main

main()
