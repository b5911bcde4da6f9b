"""Media on S3-compatible object storage: renditions are public by plain URL, originals are not.

Readers only ever see renditions (``renditions/…``): their URLs are plain and long-lived, so
cached pages and the CDN can hold them, and the bucket policy grants public ``GetObject`` on that
prefix alone. Originals (``images/…``) are what the desk uploaded; the desk reaches them through
short-lived signed URLs, and nobody may list the bucket. Used when ``MEDIA_S3_BUCKET`` is set
(see ``newsroom/settings.py`` and docs/deployment.md); the filesystem is the default.
"""

from storages.backends.s3 import S3Storage

PUBLIC_PREFIX = "renditions/"


class MediaStorage(S3Storage):
    def __init__(self, **settings):
        public_domain = settings.pop("custom_domain", None)
        super().__init__(**{**settings, "querystring_auth": True})
        self._public = S3Storage(**{**settings, "querystring_auth": False, "custom_domain": public_domain})

    def url(self, name, parameters=None, expire=None, http_method=None):
        if name.startswith(PUBLIC_PREFIX):
            return self._public.url(name, parameters, expire, http_method)
        return super().url(name, parameters, expire, http_method)


def bucket_policy(bucket, location=""):
    """The bucket policy the storage expects: anyone may read renditions; nothing else is public, no listing.

    Print it with ``python manage.py shell -c "import json; from images.storage import bucket_policy;
    print(json.dumps(bucket_policy('my-bucket'), indent=2))"`` and apply it to the bucket.
    """
    prefix = f"{location.strip('/')}/" if location.strip("/") else ""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadersSeeRenditionsOnly",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/{prefix}{PUBLIC_PREFIX}*",
            }
        ],
    }
