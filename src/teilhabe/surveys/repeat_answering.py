"""Adding and removing the instances of a repeat group on the answering page.

The buttons are submit buttons of the page's one form (formaction), so they work without
JavaScript: the answers the form carries are saved first, then the instance is added or
removed, and the page is shown again at the repeat. Removing an instance that holds answers
asks first: in the browser with a dialog (surveys.js sets `confirmed`), without JavaScript on
a page of its own."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from teilhabe.surveys import answering, repeats, runtime, services
from teilhabe.surveys.models import Response
from teilhabe.surveys.xlsform import UNANSWERED_TYPES


def change(request: HttpRequest, response: Response, page_url: str) -> HttpResponse:
    """Add (POST "add" = repeat name) or remove (POST "remove" = "repeat·id") an instance."""
    answering.save_posted(request, response)
    form, items = runtime.compile_version(response.invitation.wave.version)
    language = answering.form_language(request, form)
    query = f"?lang={language}" if len(answering.form_languages(form)) > 1 else ""
    anchor = ""
    try:
        if repeat := request.POST.get("add", ""):
            new = services.add_instance(response, repeat)
            anchor = f"#i-{repeat}{repeats.SEP}{new}"
        elif target := request.POST.get("remove", ""):
            repeat, _sep, number = target.partition(repeats.SEP)
            instance = int(number) if number.isdigit() else 0
            stored = services.stored_answers(response)
            current = next(
                (i for i in repeats.instances(stored.get(repeat)) if i[repeats.ID] == instance),
                None,
            )
            if current is None:
                return HttpResponseRedirect(page_url + query)
            answered = frozenset(
                i.question.name
                for i in items
                if i.repeat == repeat and i.question.type not in UNANSWERED_TYPES
            )
            if repeats.has_answers(current, answered) and not request.POST.get("confirmed"):
                section = next(i.section for i in items if i.repeat == repeat)
                context = {
                    "response": response,
                    "title": runtime.label(section.labels, language, repeat),
                    "position": repeats.instances(stored.get(repeat)).index(current) + 1,
                    "target": target,
                    "action": request.path + query,
                    "back": page_url + query + f"#i-{target}",
                }
                return render(request, "surveys/repeat_remove.html", context)
            services.remove_instance(response, repeat, instance)
            anchor = f"#r-{repeat}"
    except (services.ResponseLocked, runtime.InvalidAnswer):
        pass  # the page shows the state as it is
    return HttpResponseRedirect(page_url + query + anchor)
