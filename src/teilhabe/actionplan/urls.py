from django.urls import path

from teilhabe.actionplan import link_views, proposal_views, views

app_name = "actionplan"
urlpatterns = [
    path("events/<int:pk>/proposals/", views.proposals, name="proposals"),
    path("events/<int:pk>/proposals/new/", views.proposal_create, name="proposal-create"),
    path("events/<int:pk>/vote/", views.vote, name="vote"),
    path("events/<int:pk>/vote/open/", views.vote_open, name="vote-open"),
    path("events/<int:pk>/vote/close/", views.vote_close, name="vote-close"),
    path("proposals/<int:pk>/adopt/", views.adopt, name="adopt"),
    path("proposals/<int:pk>/edit/", proposal_views.proposal_edit, name="proposal-edit"),
    path(
        "proposals/<int:pk>/withdraw/", proposal_views.proposal_withdraw, name="proposal-withdraw"
    ),
    path("proposals/<int:pk>/merge/", proposal_views.proposal_merge, name="proposal-merge"),
    path("districts/<str:ags>/action-plan/", views.plan, name="plan"),
    path("districts/<str:ags>/action-plan.xlsx", views.plan_export, name="plan-export"),
    path(
        "districts/<str:ags>/action-plan/priorities/new/",
        views.priority_create,
        name="priority-create",
    ),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/measures/new/", views.measure_create, name="measure-create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/progress/", views.progress, name="progress"),
    path("e/<str:token>/proposals/", link_views.link_proposal, name="link-proposal"),
    path("e/<str:token>/vote/", link_views.link_vote, name="link-vote"),
]
