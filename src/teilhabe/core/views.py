from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from teilhabe.regions.models import DataSource


def home(request: HttpRequest) -> HttpResponse:
    return redirect("regions:district-list")


@login_not_required
@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html", {"sources": DataSource.objects.all()})


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: answers when the application and its database answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
