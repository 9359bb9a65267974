"""The permission table: every named view, and who may use it.

The table is the contract; the views enforce it through `teilhabe.core.scoping`. One
parametrised test (`core/tests/test_permissions.py`) walks every URL name of the project, fails
when a view is missing here, and checks each persona against the rule. Django's
LoginRequiredMiddleware makes every view need a login unless it is marked public.
"""

from enum import StrEnum


class Access(StrEnum):
    PUBLIC = "public"  # anyone, without login
    LOGIN = "login"  # any logged-in user; shows only what their scope contains
    DISTRICT_READ = "district-read"  # members of the object's district
    # Members of the district once the object is released (an issued report); before that
    # (a draft) only the district's coordinators, and "not found" for everyone else.
    DISTRICT_READ_RELEASED = "district-read-released"
    MUNICIPALITY_EDIT = "municipality-edit"  # coordinators of its district, its editors
    DISTRICT_MANAGE = "district-manage"  # coordinators of the district
    DISTRICT_CONTRIBUTE = "district-contribute"  # its coordinators and municipal editors
    DISTRICT_ADMINISTER = "district-administer"  # administrators of the district (Verwaltung)
    DISTRICT_AUDIT = "district-audit"  # its administrators and coordinators (the log)


# An API path that takes several methods has one rule per method.
PERMISSIONS: dict[str, Access | dict[str, Access]] = {
    "core:home": Access.LOGIN,
    "tasklist:my-tasks": Access.LOGIN,
    "digest:settings": Access.LOGIN,
    # The signed token is the key; an invalid one answers 404. Covered in digest/tests.
    "digest:unsubscribe": Access.PUBLIC,
    "core:health": Access.PUBLIC,
    # For the load balancer: plain text, no data (core/ops/views.py).
    "core:ready": Access.PUBLIC,
    # For Prometheus: public to the operator's networks and token (loopback in the tests);
    # 404 for every other client, tested in core/tests/test_ops_metrics.py.
    "core:metrics": Access.PUBLIC,
    # The history (Verlauf): a record's versions for whoever may read the record; the
    # district's log of every change, and its export, for its coordinators and administrators.
    "core:object-history": Access.DISTRICT_READ,
    "core:district-history": Access.DISTRICT_AUDIT,
    "core:district-history-export": Access.DISTRICT_AUDIT,
    "set_language": Access.PUBLIC,
    "accounts:login": Access.PUBLIC,
    "accounts:logout": Access.LOGIN,
    "regions:about": Access.PUBLIC,
    "regions:district-list": Access.LOGIN,
    "regions:district-detail": Access.DISTRICT_READ,
    "regions:district-boundaries": Access.DISTRICT_READ,
    "regions:municipality-detail": Access.DISTRICT_READ,
    "regions:municipality-edit": Access.MUNICIPALITY_EDIT,
    "inventory:matrix": Access.DISTRICT_READ,
    "inventory:matrix-export": Access.DISTRICT_READ,
    "inventory:activity-list": Access.DISTRICT_READ,
    "inventory:activity-export": Access.DISTRICT_READ,
    "inventory:activity-detail": Access.DISTRICT_READ,
    "inventory:activity-create": Access.DISTRICT_CONTRIBUTE,
    "inventory:activity-edit": Access.MUNICIPALITY_EDIT,
    "inventory:activity-end": Access.MUNICIPALITY_EDIT,
    "inventory:changes": Access.DISTRICT_READ,
    "inventory:import": Access.DISTRICT_CONTRIBUTE,
    "inventory:import-preview": Access.DISTRICT_CONTRIBUTE,
    "inventory:categories": Access.DISTRICT_MANAGE,
    "allocation:period-list": Access.DISTRICT_READ,
    "allocation:period-create": Access.DISTRICT_MANAGE,
    "allocation:period-detail": Access.DISTRICT_READ,
    "allocation:period-close": Access.DISTRICT_MANAGE,
    "allocation:adjustment-create": Access.DISTRICT_MANAGE,
    "allocation:whatif": Access.DISTRICT_READ,
    "allocation:transparency": Access.DISTRICT_READ,
    "allocation:period-export": Access.DISTRICT_READ,
    "allocation:arrival-create": Access.MUNICIPALITY_EDIT,
    "allocation:capacity-create": Access.MUNICIPALITY_EDIT,
    "allocation:arrival-import": Access.DISTRICT_CONTRIBUTE,
    # Corrections: whoever may enter the record (its municipality's editors, the coordinators),
    # while its period is open; the rule is tested in allocation/tests/test_corrections.py.
    "allocation:arrival-correct": Access.MUNICIPALITY_EDIT,
    "allocation:arrival-cancel": Access.MUNICIPALITY_EDIT,
    "allocation:capacity-correct": Access.MUNICIPALITY_EDIT,
    "allocation:capacity-cancel": Access.MUNICIPALITY_EDIT,
    # The housing register and overload notices: municipal editors keep their own
    # municipality's units and file its notices; the coordinators answer them.
    "allocation:unit-list": Access.DISTRICT_READ,
    "allocation:unit-create": Access.MUNICIPALITY_EDIT,
    "allocation:unit-edit": Access.MUNICIPALITY_EDIT,
    "allocation:unit-delete": Access.MUNICIPALITY_EDIT,
    "allocation:notice-list": Access.DISTRICT_READ,
    "allocation:notice-create": Access.MUNICIPALITY_EDIT,
    "allocation:notice-answer": Access.DISTRICT_MANAGE,
    # Placement: everybody in the district reads batches and proposals; only the coordinators
    # enter batches, choose lines by hand and confirm placements.
    "placement:batch-list": Access.DISTRICT_READ,
    "placement:batch-create": Access.DISTRICT_MANAGE,
    "placement:batch-detail": Access.DISTRICT_READ,
    "placement:batch-edit": Access.DISTRICT_MANAGE,
    "placement:batch-delete": Access.DISTRICT_MANAGE,
    "placement:household-add": Access.DISTRICT_MANAGE,
    "placement:household-edit": Access.DISTRICT_MANAGE,
    "placement:household-remove": Access.DISTRICT_MANAGE,
    "placement:household-import": Access.DISTRICT_MANAGE,
    "placement:household-import-preview": Access.DISTRICT_MANAGE,
    "placement:proposal": Access.DISTRICT_READ,
    "placement:line-choose": Access.DISTRICT_MANAGE,
    "placement:batch-confirm": Access.DISTRICT_MANAGE,
    "placement:batch-export": Access.DISTRICT_READ,
    "network:network": Access.DISTRICT_READ,
    "network:contact-create": Access.DISTRICT_CONTRIBUTE,
    "network:organisation-create": Access.DISTRICT_CONTRIBUTE,
    "network:contacts-export": Access.DISTRICT_MANAGE,
    "network:contact-edit": Access.MUNICIPALITY_EDIT,
    "network:contact-erase": Access.DISTRICT_MANAGE,
    "surveys:questionnaire-list": Access.DISTRICT_READ,
    "surveys:questionnaire-import": Access.DISTRICT_MANAGE,
    "surveys:questionnaire-detail": Access.DISTRICT_READ,
    "surveys:questionnaire-export": Access.DISTRICT_READ,
    "surveys:wave-create": Access.DISTRICT_MANAGE,
    "surveys:question-add": Access.DISTRICT_MANAGE,
    "surveys:question-edit": Access.DISTRICT_MANAGE,
    "surveys:question-delete": Access.DISTRICT_MANAGE,
    "surveys:wave-detail": Access.DISTRICT_READ,
    "surveys:results": Access.DISTRICT_READ,
    "surveys:results-matrix": Access.DISTRICT_READ,
    "surveys:wave-export": Access.DISTRICT_READ,
    "surveys:compare": Access.DISTRICT_READ,
    # Everyone in the district may read the proposals; deciding (POST) is checked in the view
    # as coordinators' work and tested in surveys/tests/test_proposals.py.
    "surveys:proposals": Access.DISTRICT_READ,
    "surveys:invitation-revoke": Access.DISTRICT_MANAGE,
    "surveys:invitation-renew": Access.DISTRICT_MANAGE,
    "surveys:invitation-send": Access.DISTRICT_MANAGE,
    "surveys:wave-send": Access.DISTRICT_MANAGE,
    "surveys:reminder-add": Access.DISTRICT_MANAGE,
    "surveys:reminder-delete": Access.DISTRICT_MANAGE,
    "surveys:mailing-status": Access.DISTRICT_MANAGE,
    "surveys:invitation-bounce": Access.DISTRICT_MANAGE,
    "surveys:response-reopen": Access.DISTRICT_MANAGE,
    "surveys:response-ask": Access.DISTRICT_MANAGE,
    "surveys:response-accept": Access.DISTRICT_MANAGE,
    "surveys:response-detail": Access.DISTRICT_READ,
    "surveys:answer-as-member": Access.MUNICIPALITY_EDIT,
    "surveys:autosave-as-member": Access.MUNICIPALITY_EDIT,
    "surveys:submit-as-member": Access.MUNICIPALITY_EDIT,
    # A file given as an answer: the district's coordinators and the municipality's editors
    # (results pages link here); the respondent's link has its own address below.
    "surveys:file-as-member": Access.MUNICIPALITY_EDIT,
    "surveys:repeat-as-member": Access.MUNICIPALITY_EDIT,
    # The personal link is the key: valid links answer, all others get the same "not valid"
    # page, so nothing about the wave leaks. Covered in surveys/tests/test_links.py.
    "surveys:answer-by-link": Access.PUBLIC,
    "surveys:autosave-by-link": Access.PUBLIC,
    "surveys:submit-by-link": Access.PUBLIC,
    "surveys:file-by-link": Access.PUBLIC,
    "surveys:repeat-by-link": Access.PUBLIC,
    "allocation:arrival-import-preview": Access.DISTRICT_CONTRIBUTE,
    "events:event-list": Access.DISTRICT_READ,
    "events:event-create": Access.DISTRICT_MANAGE,
    "events:event-detail": Access.DISTRICT_READ,
    "events:event-edit": Access.DISTRICT_MANAGE,
    "events:invite": Access.DISTRICT_MANAGE,
    "events:attendance": Access.DISTRICT_MANAGE,
    "events:file-upload": Access.DISTRICT_MANAGE,
    "events:file-download": Access.DISTRICT_READ,
    "events:event-ical": Access.DISTRICT_READ,
    "events:invitation-revoke": Access.DISTRICT_MANAGE,
    "events:invitation-renew": Access.DISTRICT_MANAGE,
    "events:invitation-send": Access.DISTRICT_MANAGE,
    "events:event-send": Access.DISTRICT_MANAGE,
    "events:reminder-add": Access.DISTRICT_MANAGE,
    "events:reminder-delete": Access.DISTRICT_MANAGE,
    "events:mailing-status": Access.DISTRICT_MANAGE,
    "events:invitation-bounce": Access.DISTRICT_MANAGE,
    "events:feed-create": Access.LOGIN,
    # The feed's secret address is the key (calendar programs cannot log in); it lists only the
    # events of its user's districts. Covered in events/tests/test_calendar.py.
    "events:feed": Access.PUBLIC,
    # Personal invitation links, like the questionnaire links: tested in events/tests.
    "events:rsvp": Access.PUBLIC,
    "events:rsvp-ical": Access.PUBLIC,
    "actionplan:link-proposal": Access.PUBLIC,
    "actionplan:link-vote": Access.PUBLIC,
    "actionplan:proposals": Access.DISTRICT_READ,
    "actionplan:proposal-create": Access.DISTRICT_CONTRIBUTE,
    "actionplan:vote": Access.DISTRICT_CONTRIBUTE,
    "actionplan:vote-open": Access.DISTRICT_MANAGE,
    "actionplan:vote-close": Access.DISTRICT_MANAGE,
    "actionplan:adopt": Access.DISTRICT_MANAGE,
    # Until the vote opens: a municipality's proposal by its editors and the coordinators, a
    # proposal of the whole district by the coordinators; merging is the coordinators' work.
    "actionplan:proposal-edit": Access.MUNICIPALITY_EDIT,
    "actionplan:proposal-withdraw": Access.MUNICIPALITY_EDIT,
    "actionplan:proposal-merge": Access.DISTRICT_MANAGE,
    "actionplan:plan": Access.DISTRICT_READ,
    "actionplan:plan-export": Access.DISTRICT_READ,
    "actionplan:priority-create": Access.DISTRICT_MANAGE,
    "actionplan:priority-edit": Access.DISTRICT_MANAGE,
    "actionplan:measure-create": Access.DISTRICT_MANAGE,
    "actionplan:measure-detail": Access.DISTRICT_READ,
    "actionplan:measure-edit": Access.DISTRICT_MANAGE,
    "actionplan:progress": Access.DISTRICT_MANAGE,
    "peers:overview": Access.DISTRICT_READ,
    "peers:weights": Access.DISTRICT_MANAGE,
    "peers:municipality": Access.DISTRICT_READ,
    "peers:suggestions": Access.DISTRICT_READ,
    "peers:tandem-create": Access.DISTRICT_MANAGE,
    "peers:tandem-detail": Access.DISTRICT_READ,
    # Each side confirms for its own municipality: coordinators, or editors of that side.
    "peers:tandem-confirm": Access.MUNICIPALITY_EDIT,
    "peers:tandem-status": Access.DISTRICT_MANAGE,
    "peers:tandem-note": Access.DISTRICT_MANAGE,
    "peers:tandem-outcome": Access.DISTRICT_MANAGE,
    "peers:tandem-send": Access.DISTRICT_MANAGE,
    "peers:reminder-add": Access.DISTRICT_MANAGE,
    "peers:reminder-delete": Access.DISTRICT_MANAGE,
    "peers:mailing-status": Access.DISTRICT_MANAGE,
    "peers:request-bounce": Access.DISTRICT_MANAGE,
    # Drafts are the office's working copies: only coordinators see, create, rebuild and issue
    # them and keep the committees' meeting dates; everyone in the district (committee members
    # above all) reads the issued reports. Report.released_when, enforced by core/scoping.py.
    "reports:report-list": Access.DISTRICT_READ,
    "reports:report-detail": Access.DISTRICT_READ_RELEASED,
    "reports:report-status": Access.DISTRICT_READ_RELEASED,
    "reports:report-pdf": Access.DISTRICT_READ_RELEASED,
    "reports:report-xlsx": Access.DISTRICT_READ_RELEASED,
    "reports:report-create": Access.DISTRICT_MANAGE,
    "reports:report-regenerate": Access.DISTRICT_MANAGE,
    "reports:report-issue": Access.DISTRICT_MANAGE,
    "reports:committee-create": Access.DISTRICT_MANAGE,
    "reports:committee-edit": Access.DISTRICT_MANAGE,
    # The public directory (Wegweiser): the same pages for every visitor, no login, no cookie;
    # what they may show is tested in directory/tests/test_pages.py.
    "directory:district": Access.PUBLIC,
    "directory:offers": Access.PUBLIC,
    "directory:offer": Access.PUBLIC,
    "directory:events": Access.PUBLIC,
    "directory:event-ical": Access.PUBLIC,
    "directory:volunteering": Access.PUBLIC,
    "directory:easy-read": Access.PUBLIC,
    "directory:imprint": Access.PUBLIC,
    "directory:privacy": Access.PUBLIC,
    "directory:open-data": Access.PUBLIC,
    "directory:csv": Access.PUBLIC,
    "directory:geojson": Access.PUBLIC,
    "directory:embed": Access.PUBLIC,
    "directory:flyer": Access.PUBLIC,
    "directory:unknown-language": Access.PUBLIC,
    "api:public-offers": Access.PUBLIC,
    # Its district's side: the report and translation lists for those who edit offers, the
    # legal texts for coordinators; translating and confirming an offer, like editing it, for
    # the coordinators of its district and the editors of its municipality.
    "publishing:overview": Access.DISTRICT_CONTRIBUTE,
    "publishing:language": Access.DISTRICT_CONTRIBUTE,
    "publishing:texts": Access.DISTRICT_MANAGE,
    "publishing:translate": Access.MUNICIPALITY_EDIT,
    "publishing:confirm": Access.MUNICIPALITY_EDIT,
    "accounts:profile": Access.LOGIN,
    "accounts:token-revoke": Access.LOGIN,  # only one's own tokens; others' are not there
    "accounts:password-change": Access.LOGIN,  # one's own password, knowing the old one
    # Reached from e-mails: the answer never says whether an address has an account; the
    # mailed secret is the key. Covered in accounts/tests/test_password_reset.py and
    # test_invitations.py.
    "accounts:password-reset": Access.PUBLIC,
    "accounts:password-reset-sent": Access.PUBLIC,
    "accounts:password-reset-confirm": Access.PUBLIC,
    "accounts:password-reset-complete": Access.PUBLIC,
    "accounts:invitation": Access.PUBLIC,
    # The Verwaltung. Accounts and invitations of other districts are not there (404); which
    # accounts an administrator may change as a whole is tested in test_ownership.py.
    "accounts:administration": Access.DISTRICT_ADMINISTER,
    "accounts:invite": Access.DISTRICT_ADMINISTER,
    "accounts:account": Access.DISTRICT_ADMINISTER,
    "accounts:role-add": Access.DISTRICT_ADMINISTER,
    "accounts:role-remove": Access.DISTRICT_ADMINISTER,
    "accounts:deactivate": Access.DISTRICT_ADMINISTER,
    "accounts:reactivate": Access.DISTRICT_ADMINISTER,
    "accounts:invitation-withdraw": Access.DISTRICT_ADMINISTER,
    "accounts:invitation-resend": Access.DISTRICT_ADMINISTER,
    "accounts:audit-log": Access.DISTRICT_AUDIT,
    # The API (/api/v1/): the same rules as the pages that show the same things.
    "api:api-root": Access.PUBLIC,
    "api:openapi-json": Access.PUBLIC,
    "api:docs": Access.PUBLIC,
    "api:me": Access.LOGIN,
    "api:districts": Access.LOGIN,
    "api:district": Access.DISTRICT_READ,
    "api:municipalities": Access.DISTRICT_READ,
    "api:municipality": Access.DISTRICT_READ,
    "api:population": Access.DISTRICT_READ,
    "api:fields-of-action": Access.DISTRICT_READ,
    "api:activities": {"GET": Access.DISTRICT_READ, "POST": Access.MUNICIPALITY_EDIT},
    "api:activity": {"GET": Access.DISTRICT_READ, "PATCH": Access.MUNICIPALITY_EDIT},
    "api:activity-history": Access.DISTRICT_READ,
    "api:questionnaires": Access.DISTRICT_READ,
    "api:questionnaire": Access.DISTRICT_READ,
    "api:waves": Access.DISTRICT_READ,
    "api:wave": Access.DISTRICT_READ,
    "api:responses": Access.DISTRICT_READ,
    "api:allocation-periods": Access.DISTRICT_READ,
    "api:allocation-period": Access.DISTRICT_READ,
    "api:quotas": Access.DISTRICT_READ,
    "api:arrivals": {"GET": Access.DISTRICT_READ, "POST": Access.MUNICIPALITY_EDIT},
    "api:capacities": {"GET": Access.DISTRICT_READ, "POST": Access.MUNICIPALITY_EDIT},
    "api:organisations": Access.DISTRICT_READ,
    "api:contacts": Access.DISTRICT_READ,
    "api:events": Access.DISTRICT_READ,
    "api:event": Access.DISTRICT_READ,
    "api:priorities": Access.DISTRICT_READ,
    "api:measure": Access.DISTRICT_READ,
    "api:tandems": Access.DISTRICT_READ,
    "api:reports": Access.DISTRICT_READ,
    "api:report": Access.DISTRICT_READ_RELEASED,
}
