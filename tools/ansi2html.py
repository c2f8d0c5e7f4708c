#!/usr/bin/env python3
"""Turn `tmux capture-pane -e` output (ANSI SGR colours) into an HTML page,
for tools/screenshots.sh.  Handles what tmux emits: reset, bold, dim,
underline, reverse, the 8/16 colours, 256-colour and default fg/bg.

usage: ansi2html.py TITLE < capture > page.html
"""
import html, re, sys

BASE = ["#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
        "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]
FG, BG = "#d0d0d0", "#101010"


def color256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (v, v, v)


def main():
    title = sys.argv[1] if len(sys.argv) > 1 else "capture"
    st = dict(fg=None, bg=None, bold=False, dim=False, ul=False, rev=False)
    out = []
    for part in re.split(r"(\x1b\[[0-9;]*m)", sys.stdin.read()):
        m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if not m:
            if not part:
                continue
            fg, bg = st["fg"] or FG, st["bg"] or BG
            if st["rev"]:
                fg, bg = bg, fg
            css = f"color:{fg};background:{bg}"
            if st["bold"]:
                css += ";font-weight:bold"
            if st["dim"]:
                css += ";opacity:0.6"
            if st["ul"]:
                css += ";text-decoration:underline"
            out.append(f'<span style="{css}">{html.escape(part)}</span>')
            continue
        codes = [int(c) if c else 0 for c in m[1].split(";")]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                st.update(fg=None, bg=None, bold=False, dim=False, ul=False, rev=False)
            elif c == 1: st["bold"] = True
            elif c == 2: st["dim"] = True
            elif c == 22: st["bold"] = st["dim"] = False
            elif c == 4: st["ul"] = True
            elif c == 24: st["ul"] = False
            elif c == 7: st["rev"] = True
            elif c == 27: st["rev"] = False
            elif 30 <= c <= 37: st["fg"] = BASE[c - 30]
            elif 90 <= c <= 97: st["fg"] = BASE[c - 90 + 8]
            elif 40 <= c <= 47: st["bg"] = BASE[c - 40]
            elif 100 <= c <= 107: st["bg"] = BASE[c - 100 + 8]
            elif c == 39: st["fg"] = None
            elif c == 49: st["bg"] = None
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                st["fg" if c == 38 else "bg"] = color256(codes[i + 2])
                i += 2
            i += 1
    print(f"<!doctype html><meta charset=utf-8><title>{html.escape(title)}</title>"
          f'<body style="margin:0;background:{BG}"><pre style="margin:8px;'
          f'font:15px/18px \'DejaVu Sans Mono\',monospace;color:{FG}">{"".join(out)}</pre>')


if __name__ == "__main__":
    main()
