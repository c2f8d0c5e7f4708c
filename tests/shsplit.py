#!/usr/bin/env python3
"""A faithful model of the splitter of upstream's Node.js job runner
(`parseCommand` in @helios-project/infrastructure, src/utils/command.ts).

Reads one command line on stdin and writes its words to stdout, each
followed by a NUL byte.  Its rules, which are not the shell's:
  - the line is first trimmed of JavaScript whitespace at both ends;
  - a backslash escapes the next character everywhere, inside single and
    double quotes too (a trailing backslash is dropped);
  - ' and " toggle quoting, each only outside the other, and are dropped;
  - outside quotes any JavaScript whitespace (/\\s/: also U+00A0, U+1680,
    U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF)
    separates words;
  - a word that had quotes is kept even when empty;
  - an unterminated quote is not an error: the rest of the line is quoted.
JavaScript works on UTF-16 code units; no whitespace character lies outside
the Basic Multilingual Plane, so code points give the same words.
Exit status 1 on an empty command, which upstream refuses.
"""
import sys

JS_SPACE = set('\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff') | \
    {chr(c) for c in range(0x2000, 0x200b)}


def split(line):
    line = line.strip(''.join(JS_SPACE))
    if not line:
        raise ValueError('Command string cannot be empty')
    words, word = [], []
    single = double = escaped = quoted = False
    for c in line:
        if escaped:
            word.append(c)
            escaped = False
        elif c == '\\':
            escaped = True
        elif c == "'" and not double:
            single, quoted = not single, True
        elif c == '"' and not single:
            double, quoted = not double, True
        elif c in JS_SPACE and not single and not double:
            if word or quoted:
                words.append(''.join(word))
                word, quoted = [], False
        else:
            word.append(c)
    if word or quoted:
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
