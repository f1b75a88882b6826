"""A real S3 API on localhost for the tests: moto's server mode over HTTP, one bucket per test."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

ACCESS, SECRET, REGION = "test-access", "test-secret", "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def s3_server() -> Iterator[str]:
    """Serve moto's S3 API on a free port; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_settings(endpoint: str) -> dict:
    """The app's settings for a fresh bucket on the server at `endpoint` (the bucket is created)."""
    import boto3

    bucket = f"tracker-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS,
                 aws_secret_access_key=SECRET).create_bucket(Bucket=bucket)
    return {"S3_ENDPOINT": endpoint, "S3_BUCKET": bucket, "S3_REGION": REGION, "S3_ACCESS_KEY": ACCESS,
            "S3_SECRET_KEY": SECRET, "S3_PREFIX": "site-a/"}
