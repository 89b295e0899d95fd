"""The background jobs in the admin: what waits, what failed and why, and a
button to run a failed job again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from newsroom.queue import ATTEMPT


class WaitingOrFailed(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", _("waiting")), ("failed", _("failed"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status__in=["READY", "RUNNING"])
        if self.value() == "failed":
            return queryset.failed()
        return queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(DBTaskResultAdmin):
    list_display = [
        "task_name",
        "status",
        "arguments",
        "enqueued_at",
        "display_run_after",
        "finished_at",
        "error",
    ]
    list_filter = [WaitingOrFailed, "status", "queue_name"]
    actions = ["retry"]

    @admin.display(description=_("arguments"))
    def arguments(self, job):
        values = [repr(value) for value in job.args_kwargs.get("args", [])]
        values += [
            f"{name}={value!r}"
            for name, value in job.args_kwargs.get("kwargs", {}).items()
            if name != ATTEMPT
        ]
        return ", ".join(values)

    @admin.display(description=_("error"))
    def error(self, job):
        if not job.traceback:
            return ""
        return job.traceback.strip().splitlines()[-1][:200]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("django_tasks_database.change_dbtaskresult"):
            actions.pop("retry", None)
        return actions

    @admin.action(description=_("Run the selected failed jobs again"))
    def retry(self, request, queryset):
        failed = list(queryset.failed())
        for job in failed:
            kwargs = dict(job.args_kwargs["kwargs"])
            kwargs.pop(ATTEMPT, None)
            job.task.using(queue_name=job.queue_name).enqueue(
                *job.args_kwargs["args"], **kwargs
            )
        self.message_user(
            request,
            ngettext(
                "%(count)d job enqueued again.",
                "%(count)d jobs enqueued again.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
