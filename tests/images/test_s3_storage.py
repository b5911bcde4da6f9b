"""Uploads and renditions go to S3-compatible storage when a bucket is set; readers get plain rendition URLs.

Runs against a real S3 API: moto's server, started here on a free port and stopped by PID.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from images.renditions import renditions_for
from images.storage import bucket_policy
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media-test"
CREDENTIALS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}  # moto accepts any


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    moto_server = Path(sys.executable).with_name("moto_server")
    if not moto_server.exists():
        pytest.skip("moto[server] is not installed (requirements-dev.txt)")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (our own test server)
        [str(moto_server), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(bucket_policy(BUCKET)))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "images.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
                "signature_version": "s3v4",
                **CREDENTIALS,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_upload_and_renditions_are_stored_in_the_bucket(bucket):
    image = ImageFactory()
    renditions = renditions_for(image)

    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert image.file.name in keys
    assert {r.file.name for r in renditions} <= keys
    assert all(r.file.name.startswith("renditions/") for r in renditions)


def test_readers_get_plain_rendition_urls_and_the_desk_signed_original_urls(bucket, s3_endpoint):
    image = ImageFactory()
    rendition = renditions_for(image)[0]

    public_url = rendition.file.url
    assert public_url.startswith(f"{s3_endpoint}/{BUCKET}/renditions/") and "Signature" not in public_url
    with urllib.request.urlopen(public_url) as response:  # noqa: S310 (local test server)
        assert response.read()[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")

    original_url = image.file.url
    assert "X-Amz-Signature=" in original_url
    with urllib.request.urlopen(original_url) as response:  # noqa: S310 (local test server)
        assert response.read()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bucket_policy_keeps_originals_private(bucket, s3_endpoint):
    image = ImageFactory()
    renditions_for(image)

    # (The policy grants no s3:ListBucket either; moto's server does not enforce listing refusals.)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_endpoint}/{BUCKET}/{image.file.name}")  # noqa: S310 (local test server)
    assert refused.value.code == 403
    assert bucket_policy(BUCKET)["Statement"][0]["Action"] == "s3:GetObject"


def test_article_page_serves_its_lead_image_from_the_bucket(bucket, s3_endpoint, client):
    article = ArticleFactory(live=True, lead_image=ImageFactory())
    renditions_for(article.lead_image)

    page = client.get(article.get_absolute_url()).content.decode()

    assert f"{s3_endpoint}/{BUCKET}/renditions/" in page
    assert "X-Amz-Signature" not in page
