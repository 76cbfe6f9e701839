import argparse
import sys
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    args = parser.parse_args(argv)
    text = Path(args.path).read_text()
    print(len(text))
    with open(sys.argv[1]) as fh:
        print(fh.readline())
    return 0
