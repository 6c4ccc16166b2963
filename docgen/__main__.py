"""`python -m docgen` runs the command line."""

from docgen.cli import main

if __name__ == "__main__":
    main()
