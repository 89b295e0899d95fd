"""History pages under the same rules as the change page, for every admin
with a history."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history asks only for the model's view permission and saves a
    revert on any POST. Here a version is shown to whoever may view the
    object as it is stored now (through ``get_queryset`` and
    ``has_view_permission``), and reverted only by whoever may change it now
    (``has_change_permission``, which the article admin ties to the desk's
    roles). A refused revert changes nothing and says why. Versions of an
    object that no longer exists are for those who may delete such objects.
    """

    def current(self, request, obj):
        """The stored object that a version ``obj`` belongs to, if this user
        may see it; None otherwise."""
        return self.get_object(request, str(obj.pk))

    def is_deleted(self, obj):
        return not self.model._default_manager.filter(pk=obj.pk).exists()

    def has_view_history_permission(self, request, obj=None):
        if obj is None:
            return self.has_view_or_change_permission(request)
        stored = self.current(request, obj)
        if stored is None:
            return self.is_deleted(obj) and self.has_delete_permission(request)
        return self.has_view_or_change_permission(request, stored)

    def has_change_history_permission(self, request, obj=None):
        if obj is None:
            return self.has_change_permission(request)
        stored = self.current(request, obj)
        if stored is None:
            return (
                self.is_deleted(obj)
                and self.has_delete_permission(request)
                and self.has_add_permission(request)
            )
        return self.has_change_permission(request, stored)

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return self.has_view_history_permission(
            request, obj
        ) or self.has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            history = getattr(
                self.model, self.model._meta.simple_history_manager_attribute
            )
            # A historical record's own pk is ``history_id``: the object's id
            # is its original pk field.
            version = history.filter(
                **{self.model._meta.pk.attname: object_id, "history_id": version_id}
            ).first()
            if version is not None and not self.has_change_history_permission(
                request, version.instance
            ):
                messages.error(
                    request,
                    _(
                        "You cannot revert “%(object)s”: reverting needs the "
                        "right to change it as it is now. Nothing was changed."
                    )
                    % {"object": version.instance},
                )
                return redirect(request.path)
        return super().history_form_view(request, object_id, version_id, extra_context)
