"""A validation report as text, JSON or JUnit XML.

- text: one line per finding, then the summary line;
- JSON: ``{"findings": [...], "summary": {...}, "examples": [...]}``;
- JUnit XML, for CI: one test suite per file; in it one test case per check that found
  something (failing when it found an error; warnings and infos go to its system-out),
  one per Tests row run, and a passing ``validate`` case for a file found clean.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from engine.validation.findings import Finding, Report, Severity


def shown(report: Report, least: Severity = Severity.INFO) -> list[Finding]:
    """The findings at ``least`` severity or worse."""
    return [f for f in report.findings if f.severity.rank <= least.rank]


def as_text(report: Report, least: Severity = Severity.INFO) -> str:
    lines = [f.line() for f in shown(report, least)]
    lines.append(report.summary.line())
    return "\n".join(lines) + "\n"


def as_json(report: Report, least: Severity = Severity.INFO) -> str:
    data = report.model_dump(mode="json")
    data["findings"] = [f.model_dump(mode="json") for f in shown(report, least)]
    return json.dumps(data, indent=2) + "\n"


def as_junit(report: Report, least: Severity = Severity.INFO) -> str:
    findings = shown(report, least)
    files: list[str] = []
    for name in [*report.files, *(f.file for f in findings)]:
        if name not in files:
            files.append(name)
    root = ET.Element("testsuites", name="imr validate")
    total = failed = 0
    for file in files:
        suite = ET.SubElement(root, "testsuite", name=file)
        cases = failures = 0
        by_check: dict[str, list[Finding]] = {}
        for finding in findings:
            if finding.file == file and finding.check != "example":
                by_check.setdefault(finding.check, []).append(finding)
        for check, found in by_check.items():
            case = ET.SubElement(suite, "testcase", classname=file, name=check)
            cases += 1
            errors = [f for f in found if f.severity is Severity.ERROR]
            if errors:
                failures += 1
                failure = ET.SubElement(case, "failure", message=errors[0].line(), type=check)
                failure.text = "\n".join(f.line() for f in errors)
            others = [f for f in found if f.severity is not Severity.ERROR]
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(f.line() for f in others)
        for run in (e for e in report.examples if e.file == file):
            case = ET.SubElement(suite, "testcase", classname=f"{file} Tests", name=run.test)
            cases += 1
            if not run.passed:
                failures += 1
                lines = [f.line() for f in findings if f.file == file and f.check == "example"
                         and f.message.startswith(f"Tests row {run.test}:")]
                failure = ET.SubElement(case, "failure", message=lines[0] if lines else run.test, type="example")
                failure.text = "\n".join(lines)
        if not cases:
            ET.SubElement(suite, "testcase", classname=file, name="validate")
            cases = 1
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        total += cases
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


FORMATS = {"text": as_text, "json": as_json, "junit": as_junit}
