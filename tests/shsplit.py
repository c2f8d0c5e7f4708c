#!/usr/bin/env python3
"""Reference command splitter for the shell tests.

Reads one command line on stdin and writes its words to stdout, each
followed by a NUL byte.  It understands what upstream's splitter is said to
understand, and nothing more: blanks separate words; single quotes keep
everything literally up to the next single quote; double quotes keep
everything but a backslash before \\ " $ ` or a newline; outside quotes a
backslash keeps the next character literally.  No expansion of any kind.
Exit status 1 on an unterminated quote or a trailing backslash.
"""
import sys


def split(line):
    words, word, in_word, i = [], [], False, 0
    while i < len(line):
        c = line[i]
        if c in ' \t\n':
            if in_word:
                words.append(''.join(word))
                word, in_word = [], False
            i += 1
            continue
        in_word = True
        if c == "'":
            end = line.find("'", i + 1)
            if end < 0:
                raise ValueError('unterminated single quote')
            word.append(line[i + 1:end])
            i = end + 1
        elif c == '"':
            i += 1
            while i < len(line) and line[i] != '"':
                if line[i] == '\\' and i + 1 < len(line) and line[i + 1] in '\\"$`\n':
                    if line[i + 1] != '\n':
                        word.append(line[i + 1])
                    i += 2
                else:
                    word.append(line[i])
                    i += 1
            if i >= len(line):
                raise ValueError('unterminated double quote')
            i += 1
        elif c == '\\':
            if i + 1 >= len(line):
                raise ValueError('backslash at the end')
            if line[i + 1] != '\n':
                word.append(line[i + 1])
            i += 2
        else:
            word.append(c)
            i += 1
    if in_word:
        words.append(''.join(word))
    return words


def main():
    data = sys.stdin.buffer.read().decode('utf-8', 'surrogateescape')
    try:
        words = split(data)
    except ValueError as e:
        print('shsplit: %s' % e, file=sys.stderr)
        return 1
    out = sys.stdout.buffer
    for w in words:
        out.write(w.encode('utf-8', 'surrogateescape') + b'\0')
    return 0


if __name__ == '__main__':
    sys.exit(main())
