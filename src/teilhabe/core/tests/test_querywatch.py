"""querywatch notes every read of the query string, except a template printing the URL."""

from django.core.handlers.wsgi import WSGIRequest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from teilhabe.core.tests.querywatch import Environ, watched


def request(query: str = "page=2") -> WSGIRequest:
    environ = Environ(RequestFactory().get("/x/").environ | {"QUERY_STRING": query})
    made = WSGIRequest(environ)
    assert not environ.read  # making the request reads nothing yet
    return made


def render(source: str, made: WSGIRequest) -> str:
    return Template(source).render(Context({"request": made}))


def test_named_reads_count_in_code_and_in_templates():
    made = request()
    assert made.GET.get("page") == "2"
    assert made.environ.read
    made = request()
    assert render("{{ request.GET.page }}", made) == "2"
    assert made.environ.read


def test_whole_reads_in_code_count():
    for read in (
        lambda r: r.get_full_path(),
        lambda r: r.build_absolute_uri(),
        lambda r: r.META["QUERY_STRING"],
        lambda r: r.META.get("QUERY_STRING"),
    ):
        made = request()
        read(made)
        assert made.environ.read


def test_a_template_printing_the_whole_url_does_not_count():
    made = request("a=<b>")
    assert render("{{ request.get_full_path }}", made) == "/x/?a=%3Cb%3E"
    assert not made.environ.read


def test_other_keys_and_headers_do_not_count():
    made = request()
    assert made.path == "/x/" and made.method == "GET"
    assert "User-Agent" not in made.headers  # the headers are read from the whole environ
    made.build_absolute_uri("/y/")
    assert not made.environ.read


def test_watched_sees_what_the_test_client_asked(client, rotenburg):
    with watched(client) as read:
        assert client.get("/health/?x=1").status_code == 200
    assert not read()
    with watched(client) as read:
        page = client.get(reverse("directory:district", args=[rotenburg.ags]) + "?page=1")
        assert page.status_code == 200
    assert read()
