"""Fixed-window rate limits that hold across processes and hosts.

The count lives in the database (`RateCounter`) and is raised with one atomic UPDATE, so two
workers that answer at the same moment never both see the same count. (Django's cache `incr`
reads and writes separately: with the database cache, concurrent requests would be lost from
the count; a per-process cache would give every worker its own budget.)"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from teilhabe.core.models import RateCounter

KEEP = datetime.timedelta(hours=1)  # older windows are deleted as new ones start


def hit(key: str, limit: int, period: int = 60) -> int:
    """Count one request for `key`; return 0 if it is within `limit` per `period` seconds,
    otherwise the seconds until the window ends (for Retry-After)."""
    now = timezone.now()
    epoch = int(now.timestamp())
    start = datetime.datetime.fromtimestamp(epoch - epoch % period, tz=datetime.UTC)
    with transaction.atomic():
        rows = RateCounter.objects.filter(key=key, window=start)
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window=start, count=1)
            except IntegrityError:  # another worker started the window a moment earlier
                rows.update(count=F("count") + 1)
            else:
                RateCounter.objects.filter(window__lt=start - KEEP).delete()
        count = rows.values_list("count", flat=True).get()
    if count <= limit:
        return 0
    return max(1, period - (epoch % period))
