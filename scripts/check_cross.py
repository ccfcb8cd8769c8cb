#!/usr/bin/env python3
"""Cross-check of `ppp-conform check` with `run` (issue #16 item 2).

Every capture `run --report-dir` leaves is fed back to `check`, which must agree with the run that
produced it:
- the default campaign against the reference (no fault): no purpose's capture may fail in check;
- with each named fault switched on: every failing purpose's capture must fail in check with one
  of the requirements the run's failure names, or show them all inconc (what a capture cannot
  show, which counts as agreeing and is reported apart).

With --report DIR, the run is not made here: the cases of a `run --report-dir DIR` already made
(any SUT: pppd in User-Mode Linux, a serial line) are read from DIR/report-data.jsonl and each
case's capture is checked with the case's profile and the --check-args given (the run's PIXIT):
a passing case's capture fails nothing, a failing case's fails a requirement the run names or
shows them all inconc. The daemon's own log of the case (DIR/<sut>/<TP>-N/pppd.log, the last
folder of the purpose) is checked the same way, with the role and configuration of its capture.

usage: check_cross.py PPP_CONFORM [--faults all|NAME,NAME...] [--seed N] [--work DIR]
       check_cross.py PPP_CONFORM --report DIR [--check-args 'ARGS']
Exit 0 when everything agrees, 1 on a disagreement (each listed), 2 on bad usage.
"""
import json
import shlex
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


def judged(binary, capture, verdict, required, extra, output=None):
    """'agree-fail', 'agree-inconc', 'agree-pass', or a sentence saying how check disagrees.
    `output`, a list, receives check's standard output."""
    done = run(binary, ['check'] + extra + [capture])
    if output is not None:
        output.append(done.stdout)
    fails, inconc = verdicts(done.stdout)
    if verdict == 'pass':
        if done.returncode == 0 and not fails:
            return 'agree-pass'
        return 'run passed, check exits %d failing %s %s' % (done.returncode, sorted(fails), done.stderr.strip()[:200])
    if fails & required:
        return 'agree-fail'
    if required and required <= inconc:
        return 'agree-inconc'
    return 'run failed %s, check exits %d failing %s, inconc %s %s' % (
        sorted(required), done.returncode, sorted(fails), sorted(inconc & required), done.stderr.strip()[:200])


def daemon_log(folder, purpose):
    """The log the daemon wrote in the purpose's last case folder (DIR/<sut>/<TP>-N/pppd.log), or None."""
    numbered = []
    for path in glob.glob(os.path.join(folder, '*', glob.escape(purpose) + '-*', 'pppd.log')):
        tail = os.path.basename(os.path.dirname(path))[len(purpose) + 1:]
        if tail.isdigit():
            numbered.append((int(tail), path))
    return max(numbered)[1] if numbered else None


def as_judged(capture_output):
    """The role and configuration check took from a capture's comment, as check arguments."""
    args = []
    role = re.search(r'^SUT: the recorder, role (client|server)', capture_output, re.M)
    if role:
        args += ['--role', role.group(1)]
    configuration = re.search(r'^configuration from the capture\'s plan: (.*)$', capture_output, re.M)
    if configuration:
        args += ['--configure', configuration.group(1)]
    return args


def cross_check_report(binary, folder, extra):
    """The cases of a report directory a run already left."""
    data = os.path.join(folder, 'report-data.jsonl')
    if not os.path.exists(data):
        print('check_cross.py: --report %s: no report-data.jsonl there (give the --report-dir of a run)' % folder,
              file=sys.stderr)
        return 2
    counts = {'agree-pass': 0, 'agree-fail': 0, 'agree-inconc': 0}
    logs = {'agree-pass': 0, 'agree-fail': 0, 'agree-inconc': 0}
    problems = []
    with open(data) as lines:
        for line in lines:
            case = json.loads(line).get('case')
            if not case or case.get('verdict') not in ('pass', 'fail'):
                continue
            properties = {p['name']: p['value'] for p in case.get('properties', [])}
            capture = properties.get('evidence')
            if not capture:
                if case['verdict'] == 'fail':
                    problems.append('%s: run failed and left no capture' % case['id'])
                continue
            named = re.match(r'\[([^\]]*)\]', case.get('message', ''))
            required = set(named.group(1).split()) if named else set()
            profile = ['--profile', properties['profile']] if 'profile' in properties else []
            output = []
            outcome = judged(binary, capture, case['verdict'], required, profile + extra, output)
            if outcome in counts:
                counts[outcome] += 1
            else:
                problems.append('%s: %s' % (case['id'], outcome))
            # The daemon's own log of the same plan (a property's last plan, as its capture),
            # judged with the role and configuration the capture names.
            log = daemon_log(folder, case['id'])
            if log:
                outcome = judged(binary, log, case['verdict'], required,
                                 ['--format', 'pppd-log'] + as_judged(output[0]) + profile + extra)
                if outcome in logs:
                    logs[outcome] += 1
                else:
                    problems.append('%s (%s): %s' % (case['id'], os.path.relpath(log, folder), outcome))
    print('report %s: %d passing cases fail nothing in check; failing cases agreeing by failure %d, by inconc %d; '
          'disagreeing %d' % (folder, counts['agree-pass'], counts['agree-fail'], counts['agree-inconc'], len(problems)))
    if sum(logs.values()):
        print('daemon logs: %d of passing cases fail nothing; of failing cases %d agree by failure, %d by inconc' % (
            logs['agree-pass'], logs['agree-fail'], logs['agree-inconc']))
    for problem in problems:
        print('DISAGREE ' + problem)
    if sum(counts.values()) == 0 and not problems:
        print('check_cross.py: --report %s: no case left a capture (run with --evidence all)' % folder, file=sys.stderr)
        return 1
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('binary')
    parser.add_argument('--faults', default='all')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--work')
    parser.add_argument('--report')
    parser.add_argument('--check-args', default='')
    options = parser.parse_args()
    if options.report:
        return cross_check_report(options.binary, options.report, shlex.split(options.check_args))
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
        outcome = judged(options.binary, capture, 'pass', set(), [])
        if outcome != 'agree-pass':
            problems.append('reference %s: %s' % (os.path.basename(capture), outcome))
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
            outcome = judged(options.binary, capture, 'fail', required, [])
            if outcome == 'agree-fail':
                by_failure += 1
            elif outcome == 'agree-inconc':
                by_inconc += 1
            else:
                problems.append('%s %s: %s' % (fault, purpose, outcome))
    print('reference: %d captures, none failed in check' % len(captures) if not any(
        p.startswith('reference') for p in problems) else 'reference: disagreements below')
    print('faults: %d, failing purposes agreeing by failure %d, by inconc %d, disagreeing %d' % (
        len(faults), by_failure, by_inconc, len([p for p in problems if not p.startswith('reference')])))
    for problem in problems:
        print('DISAGREE ' + problem)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
