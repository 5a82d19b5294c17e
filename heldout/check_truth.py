#!/usr/bin/env python3
"""Checks the held-out truth files in OUTDIR for consistency.

    python3 heldout/check_truth.py OUTDIR

For every OUTDIR/*.truth.json: the shape (keys and types), the recording next to it (and, when
ffprobe is installed, that its length matches duration_seconds within 0.2 s), turns sorted and
inside the recording, every turn inside exactly one conversation and every conversation spanning
exactly its turns (first start, last end), conversations in order and not overlapping, valid
kinds and outcomes (an outcome for sales only), speakers that fit the kind (a voicemail is the rep
alone; an internal chat has a colleague and no customer; a sales call has a customer), and each
voice id belonging to one speaker role. Prints one line per file; exits 1 on any problem.
"""
import glob
import json
import os
import shutil
import subprocess
import sys

KINDS = ("sales", "internal", "voicemail")
OUTCOMES = ("won", "lost", "ongoing", "no_decision")
SPEAKERS = ("rep", "customer", "colleague")
EPS = 0.0015  # times are rounded to the millisecond


def number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def probe_seconds(path):
    if not shutil.which("ffprobe"):
        return None
    result = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        return float(result.stdout.strip())
    except ValueError:
        return None


def check(path):
    problems = []
    problem = problems.append
    with open(path, encoding="utf-8") as file:
        truth = json.load(file)
    for key in ("recording", "duration_seconds", "rep", "conversations", "turns"):
        if key not in truth:
            problem("missing key %r" % key)
    if problems:
        return problems, truth
    duration = truth["duration_seconds"]
    if not number(duration) or duration <= 0:
        problem("bad duration_seconds %r" % duration)
    expected = os.path.basename(path)[:-len(".truth.json")]
    if truth["recording"].rsplit(".", 1)[0] != expected:
        problem("recording %r does not match the truth file's name" % truth["recording"])
    recording = os.path.join(os.path.dirname(path), truth["recording"])
    if not os.path.exists(recording):
        problem("recording %s is missing" % truth["recording"])
    else:
        probed = probe_seconds(recording)
        if probed is not None and abs(probed - duration) > 0.2:
            problem("ffprobe says %.3f s, truth says %.3f s" % (probed, duration))
    rep = truth["rep"]
    if not (isinstance(rep, dict) and isinstance(rep.get("name"), str) and rep["name"]
            and isinstance(rep.get("company"), str) and rep["company"]):
        problem("rep must have a name and a company: %r" % (rep,))

    turns = truth["turns"]
    for index, turn in enumerate(turns):
        where = "turn %d" % index
        if set(turn) != {"speaker", "start", "end", "text", "voice"}:
            problem("%s: keys %s" % (where, sorted(turn)))
            continue
        if turn["speaker"] not in SPEAKERS:
            problem("%s: speaker %r" % (where, turn["speaker"]))
        if not (number(turn["start"]) and number(turn["end"]) and 0 <= turn["start"] < turn["end"] <= duration + EPS):
            problem("%s: times %r-%r outside 0-%r or reversed" % (where, turn["start"], turn["end"], duration))
        if not (isinstance(turn["text"], str) and turn["text"].strip()):
            problem("%s: empty text" % where)
        if not (isinstance(turn["voice"], str) and turn["voice"]):
            problem("%s: no voice id" % where)
        if index and (turn["start"], turn["end"]) < (turns[index - 1]["start"], turns[index - 1]["end"]):
            problem("%s: not sorted by start" % where)
    roles = {}
    for turn in turns:
        roles.setdefault(turn.get("voice"), set()).add(turn.get("speaker"))
    for voice, speakers in roles.items():
        if len(speakers) > 1:
            problem("voice %r speaks as %s" % (voice, sorted(speakers)))
    rep_voices = {turn["voice"] for turn in turns if turn.get("speaker") == "rep"}
    if len(rep_voices) > 1:
        problem("the rep has more than one voice: %s" % sorted(rep_voices))

    conversations = truth["conversations"]
    if not conversations:
        problem("no conversations")
    covered = [0] * len(turns)
    keys = {"script", "kind", "is_sales_conversation", "customer_name", "outcome", "start_seconds", "end_seconds"}
    for index, conversation in enumerate(conversations):
        where = "conversation %d (%s)" % (index, conversation.get("script"))
        if set(conversation) != keys:
            problem("%s: keys %s" % (where, sorted(conversation)))
            continue
        kind, outcome = conversation["kind"], conversation["outcome"]
        if kind not in KINDS:
            problem("%s: kind %r" % (where, kind))
        if conversation["is_sales_conversation"] is not (kind == "sales"):
            problem("%s: is_sales_conversation does not fit kind %r" % (where, kind))
        if kind == "sales" and outcome not in OUTCOMES:
            problem("%s: sales outcome %r" % (where, outcome))
        if kind != "sales" and outcome is not None:
            problem("%s: outcome %r on a %s conversation" % (where, outcome, kind))
        name = conversation["customer_name"]
        if name is not None and not (isinstance(name, str) and name.strip()):
            problem("%s: customer_name %r" % (where, name))
        if kind == "internal" and name is not None:
            problem("%s: an internal chat has no customer_name" % where)
        start, end = conversation["start_seconds"], conversation["end_seconds"]
        if not (number(start) and number(end) and 0 <= start < end <= duration + EPS):
            problem("%s: span %r-%r" % (where, start, end))
            continue
        if index and start < conversations[index - 1]["end_seconds"]:
            problem("%s: starts before the previous conversation ends" % where)
        inside = [i for i, turn in enumerate(turns) if start - EPS <= turn["start"] and turn["end"] <= end + EPS]
        if not inside:
            problem("%s: no turns" % where)
            continue
        for i in inside:
            covered[i] += 1
        first = min(turns[i]["start"] for i in inside)
        last = max(turns[i]["end"] for i in inside)
        if abs(first - start) > EPS or abs(last - end) > EPS:
            problem("%s: span %.3f-%.3f but its turns run %.3f-%.3f" % (where, start, end, first, last))
        speakers = {turns[i]["speaker"] for i in inside}
        if kind == "voicemail" and speakers != {"rep"}:
            problem("%s: a voicemail with speakers %s" % (where, sorted(speakers)))
        if kind == "internal" and ("colleague" not in speakers or "customer" in speakers):
            problem("%s: an internal chat with speakers %s" % (where, sorted(speakers)))
        if kind == "sales" and not {"rep", "customer"} <= speakers:
            problem("%s: a sales call with speakers %s" % (where, sorted(speakers)))
        if kind == "sales" and "colleague" in speakers:
            problem("%s: a colleague in a sales call" % where)
    for i, count in enumerate(covered):
        if count != 1:
            problem("turn %d (%.3f s) is in %d conversations" % (i, turns[i]["start"], count))
    return problems, truth


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.split("\n\n")[1])
    paths = sorted(glob.glob(os.path.join(sys.argv[1], "*.truth.json")))
    if not paths:
        raise SystemExit("check_truth: no *.truth.json in %s" % sys.argv[1])
    failed = 0
    kinds, seconds = {}, 0.0
    for path in paths:
        problems, truth = check(path)
        name = os.path.basename(path)
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for line in problems[:20]:
                print("     %s" % line)
            continue
        seconds += truth["duration_seconds"]
        for conversation in truth["conversations"]:
            kinds[conversation["kind"]] = kinds.get(conversation["kind"], 0) + 1
        print("ok   %-40s %7.1f s  %2d conversations  %3d turns" % (
            name, truth["duration_seconds"], len(truth["conversations"]), len(truth["turns"])))
    summary = ", ".join("%d %s" % (count, kind) for kind, count in sorted(kinds.items()))
    print("check_truth: %d files, %d failed; %.1f min of audio; conversations: %s" % (len(paths), failed, seconds / 60, summary))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
