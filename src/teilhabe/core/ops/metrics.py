"""The Prometheus metrics at /metrics/, and who may read them.

gunicorn serves with several worker processes and the background worker runs beside them, so
each process alone knows only its own requests and tasks. With PROMETHEUS_MULTIPROC_DIR set
(`teilhabe up` sets it to DATA_DIR/metrics and empties it at each start; gunicorn_conf.py
removes a dead worker's live files), every process writes its values to files there and a
scrape of any process adds up the whole node. Without it (tests, a single process) the values
are the process's own. The queue depth is read from the database at scrape time: it is the
same on every node."""

import hmac
import ipaddress
import os
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from teilhabe.core.net import client_ip

_OWN = CollectorRegistry()
REQUEST_SECONDS = Histogram(
    "teilhabe_request_duration_seconds",
    "Time to answer a request, by view (URL name), method and status class.",
    ["view", "method", "status"],
    registry=_OWN,
)
TASK_SECONDS = Histogram(
    "teilhabe_task_duration_seconds",
    "Run time of a background task, by task and outcome.",
    ["task", "status"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800),
    registry=_OWN,
)
FAILED_LOGINS = Counter(
    "teilhabe_failed_logins", "Login attempts refused (wrong password or locked).", registry=_OWN
)

_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def observe_request(view: str, method: str, status: int, seconds: float) -> None:
    """Labels of a bounded set only: a client chooses neither the view nor the method label."""
    method = method if method in _METHODS else "other"
    REQUEST_SECONDS.labels(view, method, f"{status // 100}xx").observe(seconds)


def observe_task(task: str, status: str, seconds: float) -> None:
    TASK_SECONDS.labels(task, status.lower()).observe(seconds)


class TaskQueueCollector(Collector):
    """teilhabe_task_queue_depth{status}: the background tasks in the database, by status."""

    def collect(self) -> Iterator[Metric]:
        from django.tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("pk"))
        counts = dict(rows)
        family = GaugeMetricFamily(
            "teilhabe_task_queue_depth", "Background tasks by status.", labels=["status"]
        )
        for status in TaskResultStatus:
            family.add_metric([status.value.lower()], counts.get(status.value, 0))
        yield family


class _ThisProcess(Collector):
    def collect(self) -> Iterable[Metric]:
        return _OWN.collect()


def exposition() -> bytes:
    """The text format Prometheus scrapes: the node's metrics and the queue depth."""
    registry = CollectorRegistry()
    if path := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry, path=path)  # type: ignore[no-untyped-call]  # untyped
    else:
        registry.register(_ThisProcess())
    registry.register(TaskQueueCollector())
    return generate_latest(registry)


def may_read(request: HttpRequest) -> bool:
    """The operator's token (compared in constant time), or a client in an allowed network."""
    token: str = settings.TEILHABE_METRICS_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    bearer = scheme.lower() == "bearer"
    if token and bearer and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    address = client_ip(request)
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    candidates = [ip]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        candidates.append(ip.ipv4_mapped)  # ::ffff:127.0.0.1 from a dual-stack socket
    networks = [ipaddress.ip_network(n) for n in settings.TEILHABE_METRICS_ALLOW]
    return any(candidate in network for candidate in candidates for network in networks)
