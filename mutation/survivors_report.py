#!/usr/bin/env python3
"""The survivors baseline (markdown) from ppp-mutation's JSON report (issue #13 item 1).

Usage: survivors_report.py KILL_MATRIX.json --commit HASH --command TEXT --wall TEXT [--note TEXT]...
Writes to stdout: the counts, the score per operator and per file, the killing purposes, every
survivor (file:line, operator, change) and the lines of the mutants no run reached.
"""
import argparse
import collections
import json
import sys


def score(killed, executed):
    return f"{100.0 * killed / executed:.1f}%" if executed else "-"


def table(title, key, mutants):
    rows = collections.defaultdict(collections.Counter)
    for m in mutants:
        rows[key(m)][m["status"]] += 1
    out = [f"| {title} | generated | not executed | executed | killed | survived | score |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for name in sorted(rows, key=lambda k: (-sum(rows[k].values()), k)):
        c = rows[name]
        executed = c["killed"] + c["survived"]
        out.append(f"| {name} | {sum(c.values())} | {c['not-executed']} | {executed} | {c['killed']} | "
                   f"{c['survived']} | {score(c['killed'], executed)} |")
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report")
    ap.add_argument("--commit", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("--wall", required=True, help="the run's wall time as measured (time)")
    ap.add_argument("--note", action="append", default=[])
    args = ap.parse_args(argv)
    doc = json.load(open(args.report, encoding="utf-8"))
    mutants = doc["mutants"]
    executed = doc["executed"]
    out = ["# Mutation analysis: survivors baseline (issue #13 item 1)", "",
           "The first full run of `ppp-mutation` (mutation/README.md). Every survivor below is a change to the",
           "reference router that the default campaign (seeds 1 and 2) does not notice: a gap in the test",
           "purposes, or an equivalent mutant. Triage against this list; re-measure with the command below and",
           "`mutation/survivors_report.py`.", "",
           f"- Commit measured: `{args.commit}` (branch `mutation`)",
           f"- Command: `{args.command}`",
           f"- Wall time: {args.wall} (the tool's own count: {doc['seconds']:.0f} s, of which recording "
           f"{doc['record_seconds']:.1f} s)",
           f"- Campaign: seeds {', '.join(map(str, doc['seeds']))}, {doc['plans']} plans per property purpose; "
           f"unmutated runs that fail or err: {doc['baseline_failures']}"]
    out += [f"- {n}" for n in args.note]
    how = collections.Counter(m["killed_by"]["how"] for m in mutants if m["status"] == "killed")
    out += ["", "## Counts", "",
            f"- Generated: {doc['generated']}",
            f"- Not executed (no run of the campaign reaches the point; skipped): {doc['not_executed']}",
            f"- Executed: {executed}",
            f"- Killed: {doc['killed']} ({', '.join(f'{k} {v}' for k, v in how.most_common())})",
            f"- Survived: {doc['survived']}",
            f"- **Mutation score: {score(doc['killed'], executed)}** (killed / executed)", "",
            "### Per operator", ""]
    out += table("operator", lambda m: m["operator"], mutants)
    out += ["", "### Per file", ""]
    out += table("file", lambda m: m["file"], mutants)
    killers = collections.Counter(m["killed_by"]["purpose"] for m in mutants if m["status"] == "killed")
    out += ["", "### Purposes that killed first", "",
            ", ".join(f"{p} {n}" for p, n in killers.most_common()), ""]
    survivors = sorted((m for m in mutants if m["status"] == "survived"), key=lambda m: (m["file"], m["line"], m["id"]))
    out += [f"## Survivors ({len(survivors)})", "",
            "`file:line OPERATOR change: original -> mutated` and how many (purpose, seed) runs and generated",
            "plans executed the point; ids are those of this commit's mutant table.", ""]
    current = None
    for m in survivors:
        if m["file"] != current:
            current = m["file"]
            out += ["", f"### {current}", ""]
        mutated = "(deleted)" if not m["mutated"] else f"-> `{m['mutated']}`"
        out.append(f"- {m['file']}:{m['line']} #{m['id']} {m['operator']} {m['change']}: `{m['original']}` {mutated} "
                   f"[runs {m['runs_reaching']}, plans {m['plans_reaching']}]")
    unreached = collections.defaultdict(list)
    for m in mutants:
        if m["status"] == "not-executed":
            unreached[m["file"]].append(m["line"])
    out += ["", f"## Not executed ({doc['not_executed']}): lines never reached by the campaign", ""]
    for f in sorted(unreached):
        lines = sorted(set(unreached[f]))
        out.append(f"- {f} ({len(unreached[f])} mutants): " + ", ".join(map(str, lines)))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
