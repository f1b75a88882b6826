"""Where stored files live: one interface, a local folder (the demo's default) or an S3-compatible bucket.

Web processes and workers on several machines share nothing but PostgreSQL, Redis and this store,
so every byte another process must read (attachments) goes through it. A key is a relative path
with "/" between parts ("ab/ab12…"); a backend maps it to a file or an object. Nothing here imports
the rest of the app: the settings come in as a plain mapping.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".upload-"  # a local half-written file, left if its process died mid-write


@dataclass(frozen=True)
class Entry:
    key: str
    modified: float  # seconds since the epoch of the last write (or touch)


class Store:
    """The operations every backend offers."""

    def put(self, key: str, data: bytes) -> None:
        raise NotImplementedError

    def put_file(self, key: str, path: Path) -> None:
        """Keep a file written elsewhere (a large export) under `key`."""
        raise NotImplementedError

    def touch(self, key: str) -> bool:
        """Mark the entry written now (a sweep's grace restarts); False when there is none."""
        raise NotImplementedError

    def open(self, key: str) -> BinaryIO:
        """The stored bytes to read; FileNotFoundError when there are none."""
        raise NotImplementedError

    def delete(self, key: str) -> None:
        raise NotImplementedError

    def entries(self) -> Iterator[Entry]:
        raise NotImplementedError

    def where(self, key: str) -> Path | str:
        """The entry's location, for logs and sweeps."""
        raise NotImplementedError

    def local_path(self, key: str) -> Path | None:  # noqa: ARG002 (a remote store has none)
        """A file on this machine holding the entry, when the backend is a folder."""
        return None


class LocalStore(Store):
    """A folder on this machine: the demo's default, or a volume every machine mounts."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def where(self, key: str) -> Path:
        # An absolute key is a full path: job rows written before job files had keys hold one.
        return Path(key) if key.startswith("/") else self.root.joinpath(*key.split("/"))

    def local_path(self, key: str) -> Path:
        return self.where(key)

    def put(self, key: str, data: bytes) -> None:
        target = self.where(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)

    def put_file(self, key: str, path: Path) -> None:
        if Path(path) != self.where(key):  # written in place already when it is the entry's own file
            self.put(key, Path(path).read_bytes())

    def touch(self, key: str) -> bool:
        try:
            os.utime(self.where(key))
        except FileNotFoundError:
            return False
        return True

    def open(self, key: str) -> BinaryIO:
        return self.where(key).open("rb")

    def delete(self, key: str) -> None:
        path = self.where(key)
        path.unlink(missing_ok=True)
        # A folder emptied by its last file goes with it (never the root itself).
        if path.parent != self.root and path.parent.is_dir() and not any(path.parent.iterdir()):
            path.parent.rmdir()

    def entries(self) -> Iterator[Entry]:
        if not self.root.is_dir():
            return
        for path in sorted(p for p in self.root.rglob("*") if p.is_file()):
            yield Entry(path.relative_to(self.root).as_posix(), path.stat().st_mtime)


class S3Store(Store):
    """A bucket of an S3-compatible object store (MinIO, a government cloud's object storage)."""

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def _key(self, key: str) -> str:
        return self.prefix + key

    def where(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)  # atomic in S3

    def put_file(self, key: str, path: Path) -> None:
        self.client.upload_file(str(path), self.bucket, self._key(key))  # in parts when large

    def touch(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        # Copying an object onto itself with new metadata is S3's only way to renew LastModified.
        try:
            self.client.copy_object(Bucket=self.bucket, Key=self._key(key), MetadataDirective="REPLACE",
                                    CopySource={"Bucket": self.bucket, "Key": self._key(key)})
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise
        return True

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise FileNotFoundError(self.where(key)) from exc
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def entries(self) -> Iterator[Entry]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for obj in page.get("Contents", []):
                yield Entry(obj["Key"][len(self.prefix):], obj["LastModified"].timestamp())


@lru_cache(maxsize=8)
def s3_client(endpoint: str, region: str, access_key: str, secret_key: str):
    """One client per process and settings: boto3 clients are thread-safe and slow to build."""
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=endpoint or None, region_name=region or None,
                        aws_access_key_id=access_key or None, aws_secret_access_key=secret_key or None,
                        # path-style addressing: MinIO and most private clouds serve no bucket subdomains
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}))


def _bucket(config: Mapping, area: str) -> S3Store:
    client = s3_client(config.get("S3_ENDPOINT", ""), config.get("S3_REGION", ""),
                       config.get("S3_ACCESS_KEY", ""), config.get("S3_SECRET_KEY", ""))
    return S3Store(client, config["S3_BUCKET"], f"{config.get('S3_PREFIX', '')}{area}/")


def attachment_store(config: Mapping) -> Store:
    """The attachments' store: the bucket when S3_BUCKET is set, else the ATTACHMENT_DIR folder."""
    return _bucket(config, "attachments") if config.get("S3_BUCKET") else LocalStore(config["ATTACHMENT_DIR"])


def export_store(config: Mapping, instance_path: str | Path) -> Store:
    """Where export jobs' files go: the bucket's exports/ when S3_BUCKET is set (the worker that
    writes one and the web process that serves it may be on different machines), else the instance
    folder's exports/."""
    return _job_store(config, instance_path, "exports")


def import_store(config: Mapping, instance_path: str | Path) -> Store:
    """Where uploaded spreadsheets and rosters wait for their job: the bucket's imports/ when
    S3_BUCKET is set (the web process that receives one, the one that checks it and the worker that
    imports it may be on three machines), else the instance folder's imports/."""
    return _job_store(config, instance_path, "imports")


def _job_store(config: Mapping, instance_path: str | Path, area: str) -> Store:
    return _bucket(config, area) if config.get("S3_BUCKET") else LocalStore(Path(instance_path) / area)


def copy_entries(source: Store, target: Store) -> int:
    """Copy every entry of `source` that `target` lacks (a backup, a restore, a move to a bucket);
    returns how many were copied. Entries are immutable once written, so one present is complete."""
    have = {e.key for e in target.entries()}
    copied = 0
    for entry in source.entries():
        if entry.key in have or entry.key.rsplit("/", 1)[-1].startswith(TEMP_PREFIX):
            continue
        with source.open(entry.key) as stream:
            target.put(entry.key, stream.read())
        copied += 1
    return copied


def as_store(where: Store | str | Path) -> Store:
    """A store as given, or the folder named (the domain's tests pass a temporary folder)."""
    return where if isinstance(where, Store) else LocalStore(where)
