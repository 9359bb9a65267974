from django.urls import path

from teilhabe.surveys import answer_views, file_views, mailing_views, review_views, views

app_name = "surveys"
urlpatterns = [
    path(
        "districts/<str:ags>/questionnaires/", views.questionnaire_list, name="questionnaire-list"
    ),
    path(
        "districts/<str:ags>/questionnaires/import/",
        views.questionnaire_import,
        name="questionnaire-import",
    ),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire-detail"),
    path(
        "questionnaires/<int:pk>/xlsform.xlsx",
        views.questionnaire_export,
        name="questionnaire-export",
    ),
    path("questionnaires/<int:pk>/waves/new/", views.wave_create, name="wave-create"),
    path(
        "questionnaires/<int:pk>/sections/<int:section>/questions/new/",
        views.question_add,
        name="question-add",
    ),
    path(
        "questionnaires/<int:pk>/sections/<int:section>/questions/<str:name>/",
        views.question_edit,
        name="question-edit",
    ),
    path(
        "questionnaires/<int:pk>/sections/<int:section>/questions/<str:name>/delete/",
        views.question_delete,
        name="question-delete",
    ),
    path("waves/<int:pk>/", views.wave_detail, name="wave-detail"),
    path("waves/<int:pk>/send/", mailing_views.wave_send, name="wave-send"),
    path("waves/<int:pk>/reminders/", mailing_views.reminder_add, name="reminder-add"),
    path("reminders/<int:pk>/delete/", mailing_views.reminder_delete, name="reminder-delete"),
    path("mailings/<int:pk>/", mailing_views.mailing_status, name="mailing-status"),
    path("invitations/<int:pk>/bounce/", mailing_views.invitation_bounce, name="invitation-bounce"),
    path("waves/<int:pk>/results/", views.results, name="results"),
    path("waves/<int:pk>/matrix/", views.results_matrix, name="results-matrix"),
    path("waves/<int:pk>/responses.<str:fmt>", views.wave_export, name="wave-export"),
    path("waves/<int:pk>/compare/<int:other>/", views.compare, name="compare"),
    path("waves/<int:pk>/proposals/", views.proposals, name="proposals"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitations/<int:pk>/renew/", views.invitation_renew, name="invitation-renew"),
    path("invitations/<int:pk>/send/", views.invitation_send, name="invitation-send"),
    path("responses/<int:pk>/", views.response_detail, name="response-detail"),
    path("responses/<int:pk>/ask/", review_views.response_ask, name="response-ask"),
    path("responses/<int:pk>/accept/", review_views.response_accept, name="response-accept"),
    path("responses/<int:pk>/reopen/", views.response_reopen, name="response-reopen"),
    path("responses/<int:pk>/answer/", answer_views.answer_as_member, name="answer-as-member"),
    path(
        "responses/<int:pk>/answer/a/<str:question>/",
        answer_views.autosave_as_member,
        name="autosave-as-member",
    ),
    path(
        "responses/<int:pk>/answer/f/<str:question>/",
        file_views.file_as_member,
        name="file-as-member",
    ),
    path(
        "responses/<int:pk>/answer/submit/", answer_views.submit_as_member, name="submit-as-member"
    ),
    path("s/<str:token>/", answer_views.answer_by_link, name="answer-by-link"),
    path("s/<str:token>/a/<str:question>/", answer_views.autosave_by_link, name="autosave-by-link"),
    path("s/<str:token>/f/<str:question>/", file_views.file_by_link, name="file-by-link"),
    path("s/<str:token>/submit/", answer_views.submit_by_link, name="submit-by-link"),
    path("s/<str:token>/repeat/", answer_views.repeat_by_link, name="repeat-by-link"),
    path(
        "responses/<int:pk>/answer/repeat/",
        answer_views.repeat_as_member,
        name="repeat-as-member",
    ),
]
