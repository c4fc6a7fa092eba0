"""Whether the files the database names are in the storage as they were stored: for a restore
drill, or after moving the media directory (`manage.py files_verify`).

Every FileField of every installed model is read, without importing the apps that define
them (this module is at the bottom of the app layers): a file field `x` whose model records
its checksum in `x_sha256` (or, for a field named `file`, in `sha256`) is compared with it;
any other is only looked for. A stored file is never changed (a new content gets a new name),
so any difference is damage or a wrong restore.
"""

import dataclasses
import hashlib
from collections.abc import Callable, Iterator

from django.apps import apps
from django.db import models


@dataclasses.dataclass(frozen=True)
class StoredFile:
    label: str  # "app_label.Model"
    pk: int
    field: models.FileField
    name: str
    sha256: str  # "" where the model records none


@dataclasses.dataclass(frozen=True)
class Finding:
    file: StoredFile
    problem: str  # "missing", "unreadable" or "changed"
    actual_sha256: str = ""


def _checksum_field(model: type[models.Model], field: models.FileField) -> str | None:
    names = {f.name for f in model._meta.concrete_fields}
    for candidate in (f"{field.name}_sha256", "sha256" if field.name == "file" else ""):
        if candidate in names:
            return candidate
    return None


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def stored_files() -> Iterator[StoredFile]:
    """Each file a record names, model by model, in primary-key order."""
    for model, field in _file_fields():
        checksum = _checksum_field(model, field)
        columns = ["pk", field.attname, *([checksum] if checksum else [])]
        rows = (
            model._default_manager.exclude(**{field.attname: ""})
            .order_by("pk")
            .values_list(*columns)
        )
        for pk, name, *sha256 in rows.iterator(chunk_size=500):
            yield StoredFile(model._meta.label, pk, field, name, sha256[0] if sha256 else "")


def verify(file: StoredFile) -> Finding | None:
    """What is wrong with a stored file, or None when it is there as recorded."""
    try:
        with file.field.storage.open(file.name, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return Finding(file, "missing")
    except OSError:  # there, but not readable (permissions, a directory of that name)
        return Finding(file, "unreadable")
    if file.sha256 and digest != file.sha256:
        return Finding(file, "changed", digest)
    return None


def unnamed_files(named: set[str], storages) -> list[str]:
    """The files in the storages (each walked from its root) that no record names."""
    found = []
    for storage in storages:
        stack = [""]
        while stack:
            directory = stack.pop()
            try:
                subdirectories, files = storage.listdir(directory)
            except FileNotFoundError:
                continue
            stack.extend(f"{directory}{d}/" for d in subdirectories)
            found.extend(f"{directory}{f}" for f in files if f"{directory}{f}" not in named)
    return sorted(found)


@dataclasses.dataclass
class Report:
    checked: dict[str, int]  # label -> files checked
    findings: list[Finding]
    unnamed: list[str]

    def finding_lines(self) -> list[str]:
        """One line a file not as recorded, by model and record."""
        lines = []
        for finding in sorted(self.findings, key=lambda f: (f.file.label, f.file.pk)):
            file = finding.file
            line = (
                f"{finding.problem.upper():8} {file.label} {file.pk} {file.field.name} {file.name}"
            )
            if finding.actual_sha256:
                line += f" (SHA-256 recorded {file.sha256}, now {finding.actual_sha256})"
            lines.append(line)
        return lines

    def summary(self) -> str:
        total = sum(self.checked.values())
        kinds = ", ".join(f"{label} {count}" for label, count in sorted(self.checked.items()))
        return (
            f"{total} file(s) checked ({kinds or 'none'}): "
            f"{total - len(self.findings)} as recorded, {len(self.findings)} missing, "
            f"unreadable or changed; {len(self.unnamed)} file(s) in the storage that no record "
            "names."
        )


def files_check(progress: Callable[[int], None] = lambda done: None) -> Report:
    """Every file the database names verified, and the files no record names."""
    checked: dict[str, int] = {}
    findings: list[Finding] = []
    named: set[str] = set()
    for done, file in enumerate(stored_files(), start=1):
        checked[file.label] = checked.get(file.label, 0) + 1
        named.add(file.name)
        if finding := verify(file):
            findings.append(finding)
        progress(done)
    storages = {id(field.storage): field.storage for _model, field in _file_fields()}
    return Report(checked, findings, unnamed_files(named, storages.values()))
