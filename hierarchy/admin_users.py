"""Django's own User and Group admin, with a user's rights read-only.

SOR roles are groups (`permissions.GROUP_*`) and a municipal administrator's kommune is an
`AdministratorScope`. Roles are set from the login broker's claims at every sign-in
(`accounts.services.sign_in`, audited as `auth.login` with the groups), and scopes through the
audited scope services (`hierarchy.services.scopes`, also behind "Administratoransvar" in this
admin). Django's stock admin would let a superuser change a user's groups, permissions, staff or
superuser flag with no audit event, or rename or delete the groups that are the roles. Routing
those fields through services was the alternative; read-only is the safer choice: a role set here
would be undone at the user's next sign-in anyway, and one write path for rights (audited) leaves
none to forget. So these fields are shown, not changed, with a pointer to where roles are
managed; groups cannot be added, renamed or deleted here; and users are not deleted (their audit
events keep them as actors; deactivate instead)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

MSG_ROLES_ELSEWHERE = (
    "Roller og rettigheder ændres ikke her. SOR-rollerne og kommunerne sættes ved hvert login fra "
    "rollerne i sektorens brugeradministration (MitID Erhverv); en kommunal administrators kommune "
    "gives og fjernes under «Administratoransvar». Begge dele logges i Ændringsloggen. Fjern en "
    "brugers adgang ved at fjerne markeringen i «Aktiv»."
)
RIGHTS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

User = get_user_model()
for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class SorUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *RIGHTS_FIELDS)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets  # the add form: user name and password only, no rights
        # The rights' fieldset says where they are changed.
        return [
            (name, {**options, "description": MSG_ROLES_ELSEWHERE})
            if set(RIGHTS_FIELDS) & set(options.get("fields", ()))
            else (name, options)
            for name, options in fieldsets
        ]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Group)
class SorGroupAdmin(GroupAdmin):
    """The groups are the SOR roles: shown, never added, renamed, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
