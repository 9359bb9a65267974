"""/ready/ for the load balancer and /metrics/ for Prometheus: no login, no cookies, plain text.

/health/ (core/views.py) says the process is alive; /ready/ says it may take requests: its
database answers and knows every migration of this code. A node started with new code before
`migrate` ran, or cut off from PostgreSQL, answers 503 and the load balancer sends its users to
the others."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from teilhabe.core.ops import metrics

# Once every migration was found applied, this process need not look again: migrations are
# not taken back under running code. Until then each /ready/ loads the migration graph.
_all_migrated = False


def unready_reason(db: BaseDatabaseWrapper) -> str | None:
    """Why this process should not take requests, or None when it may."""
    global _all_migrated
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
        if _all_migrated:
            return None
        executor = MigrationExecutor(db)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "database unavailable"
    if plan:
        return f"{len(plan)} migration(s) not applied"
    _all_migrated = True
    return None


def forget_readiness() -> None:
    """For tests: look at the migrations again at the next /ready/."""
    global _all_migrated
    _all_migrated = False


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body + "\n", status=status, content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    reason = unready_reason(connection)
    return _text(reason, 503) if reason else _text("ready")


@login_not_required
@csrf_exempt  # a refused POST must look like any missing page, not like a CSRF failure
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Only for the operator's networks or token (metrics.may_read); 404 for everyone else."""
    if not metrics.may_read(request):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
