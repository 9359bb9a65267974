from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from teilhabe.core.scoping import scope_of
from teilhabe.regions.models import District
from teilhabe.tasklist.queries import tasks_for


@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Meine Aufgaben, the start page: what is asked of the user now, by due date. A
    coordinator sees the tasks of every municipality of the district, so who is behind."""
    scope = scope_of(request)
    tasks = tasks_for(scope)
    behind: dict[str, int] = {}
    for task in tasks:
        if task.municipality:
            behind[task.municipality] = behind.get(task.municipality, 0) + 1
    # With one district, its tabs are on the start page too: one click to any of its pages.
    districts = list(scope.filter(District.objects.all())[:2])
    context = {
        "district": districts[0] if len(districts) == 1 else None,
        "tasks": tasks,
        "coordinator": bool(scope.coordinated),
        "behind": sorted(behind.items(), key=lambda item: (-item[1], item[0])),
    }
    return render(request, "tasklist/my_tasks.html", context)
