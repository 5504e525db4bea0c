"""`python -m newproj` runs the CLI (handy where pip's scripts folder is not on PATH)."""

from newproj._cli import main

main()
