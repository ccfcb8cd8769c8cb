#!/usr/bin/env python3
"""Cross-check of `ppp-conform check` with `run` (issue #16 item 2).

Every capture `run --report-dir` leaves is fed back to `check`, which must agree with the run that
produced it:
- the default campaign against the reference (no fault): no purpose's capture may fail in check;
- with each named fault switched on: every failing purpose's capture must fail in check with one
  of the requirements the run's failure names, or show them all inconc (what a capture cannot
  show, which counts as agreeing and is reported apart).

usage: check_cross.py PPP_CONFORM [--faults all|NAME,NAME...] [--seed N] [--work DIR]
Exit 0 when everything agrees, 1 on a disagreement (each listed), 2 on bad usage.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def run(binary, args):
    return subprocess.run([binary] + args, capture_output=True, text=True)


def verdicts(output):
    fails = set(re.findall(r'^  fail\s+(\S+)', output, re.M))
    inconc = set(re.findall(r'^  inconc\s+(\S+)', output, re.M))
    return fails, inconc


def campaign(binary, seed, folder, fault=None, evidence='all'):
    os.makedirs(folder, exist_ok=True)
    args = ['run', '--seed', str(seed), '--report-dir', folder, '--evidence', evidence,
            '--junit', os.path.join(folder, 'junit.xml')]
    if fault:
        args += ['--fault', fault]
    done = run(binary, args)
    if done.returncode not in (0, 1):
        sys.exit('run %s ended with %d: %s' % (' '.join(args), done.returncode, done.stderr.strip()[:300]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('binary')
    parser.add_argument('--faults', default='all')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--work')
    options = parser.parse_args()
    work = options.work or tempfile.mkdtemp(prefix='ppp-check-cross-')
    listed = [line.split()[0] for line in run(options.binary, ['list', '--faults']).stdout.splitlines() if line.strip()]
    faults = listed if options.faults == 'all' else options.faults.split(',')
    unknown = [f for f in faults if f not in listed]
    if unknown:
        print('check_cross.py: --faults %s: not a named fault (accepted: %s)' % (','.join(unknown), ', '.join(listed)),
              file=sys.stderr)
        return 2

    problems = []
    # The reference passes every purpose: check fails none of their captures.
    clean = os.path.join(work, 'reference')
    campaign(options.binary, options.seed, clean)
    captures = sorted(glob.glob(os.path.join(clean, '*.pcapng')))
    for capture in captures:
        done = run(options.binary, ['check', capture])
        fails, _ = verdicts(done.stdout)
        if done.returncode != 0 or fails:
            problems.append('reference %s: run passed, check exits %d failing %s %s' % (
                os.path.basename(capture), done.returncode, sorted(fails), done.stderr.strip()[:200]))
    if not captures:
        problems.append('reference: the campaign left no capture')

    by_failure = by_inconc = 0
    for fault in faults:
        folder = os.path.join(work, fault)
        campaign(options.binary, options.seed, folder, fault, 'failing')
        for case in ET.parse(os.path.join(folder, 'junit.xml')).iter('testcase'):
            failure = case.find('failure')
            if failure is None:
                continue
            purpose = case.get('name').split()[0]
            named = re.match(r'\[([^\]]*)\]', failure.get('message', ''))
            required = set(named.group(1).split()) if named else set()
            capture = os.path.join(folder, purpose + '.pcapng')
            if not os.path.exists(capture):
                problems.append('%s %s: run failed and left no capture' % (fault, purpose))
                continue
            done = run(options.binary, ['check', capture])
            fails, inconc = verdicts(done.stdout)
            if fails & required:
                by_failure += 1
            elif required and required <= inconc:
                by_inconc += 1
            else:
                problems.append('%s %s: run failed %s, check exits %d failing %s, inconc %s' % (
                    fault, purpose, sorted(required), done.returncode, sorted(fails), sorted(inconc & required)))
    print('reference: %d captures, none failed in check' % len(captures) if not any(
        p.startswith('reference') for p in problems) else 'reference: disagreements below')
    print('faults: %d, failing purposes agreeing by failure %d, by inconc %d, disagreeing %d' % (
        len(faults), by_failure, by_inconc, len([p for p in problems if not p.startswith('reference')])))
    for problem in problems:
        print('DISAGREE ' + problem)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
