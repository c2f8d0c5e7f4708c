#!/usr/bin/env python3
"""Write a job file whose chunks make real video with ffmpeg's test source.

make_job.py [options]   (run in the directory that will hold the job)
  --job PATH          job file to write (default job.json)
  --chunks N          number of chunks (default 3)
  --frames N          frames per chunk (default 8)
  --output NAME       final output, relative to the job (default final.mp4)
  --rate R            frame rate of the test source (default 30)
  --cmd TEMPLATE      chunk command; {out} is the quoted output, {frames},
                      {id}, {start} and {ffmpeg} (the default command) work too
  --cmd-ID TEMPLATE   command for chunk ID only
  --upstream          upstream's style: temp_<stem>_part_N.mov with PCM audio,
                      commands joined without quoting, no formatVersion

A job's chunk commands must be `helios render ...`, so each command is run
through ./helios, a copy of stand-in-helios written beside the job.
"""
import os
import shutil
import json
import shlex
import sys


def main(argv):
    opt = {"job": "job.json", "chunks": "3", "frames": "8", "output": "final.mp4", "rate": "30",
           "cmd": "{ffmpeg}"}
    upstream = False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--upstream":
            upstream = True
            i += 1
            continue
        opt[a[2:]] = argv[i + 1]
        i += 2
    n, frames, rate, out = int(opt["chunks"]), int(opt["frames"]), opt["rate"], opt["output"]
    stem, ext = out.rsplit(".", 1)
    quote = (lambda s: s) if upstream else shlex.quote
    chunks = []
    for c in range(n):
        if upstream:
            part = f"temp_{stem}_part_{c}.mov"
            # -t rather than -frames:v, so the audio runs the whole length.
            ffmpeg = (f"ffmpeg -v error -y -f lavfi -i testsrc=size=64x48:rate={rate} "
                      f"-f lavfi -i sine=frequency=440:sample_rate=48000 -t {frames / float(eval(rate)):.6f} "
                      f"-c:v libx264 -pix_fmt yuv420p -c:a pcm_s16le {part}")
        else:
            part = f"{stem}_part_{c}.{ext}"
            ffmpeg = (f"ffmpeg -v error -y -f lavfi -i testsrc=size=64x48:rate={rate} -frames:v {frames} "
                      f"-c:v libx264 -pix_fmt yuv420p {quote(part)}")
        template = opt.get(f"cmd-{c}", opt["cmd"])
        command = "./helios render " + template.format(out=quote(part), frames=frames, id=c,
                                                         start=c * frames, ffmpeg=ffmpeg)
        chunks.append({"id": c, "startFrame": c * frames, "frameCount": frames, "outputFile": part,
                       "command": command})
    meta = {"totalFrames": n * frames, "fps": float(eval(rate)), "width": 64, "height": 48,
            "duration": n * frames / float(eval(rate))}
    if not upstream:
        meta = {"formatVersion": 1, "output": out, "startFrame": 0, **meta}
    merge = "helios merge " + " ".join(quote(x) for x in [out] + [c["outputFile"] for c in chunks])
    with open(opt["job"], "w") as f:
        json.dump({"metadata": meta, "chunks": chunks, "mergeCommand": merge}, f, indent=2)
    if not opt["job"].startswith("/dev/"):
        write_stand_in(os.path.join(os.path.dirname(opt["job"]), "helios"))


def write_stand_in(path):
    shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "stand-in-helios"), path)


main(sys.argv[1:])
