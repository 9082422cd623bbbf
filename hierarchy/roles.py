"""The role groups and the Django-admin model permissions each needs. The services still decide
what is allowed; these permissions only open the admin screens. Kept in step after every
migrate (post_migrate), so the roles exist on any database, demo or not."""

from django.contrib.auth.models import Group, Permission

from . import permissions

ADMIN_PERMISSIONS = {
    permissions.GROUP_SDS: [
        ("hierarchy", "view_unit"),
        ("hierarchy", "add_unit"),
        ("hierarchy", "change_unit"),
        ("hierarchy", "view_unitversion"),
        ("hierarchy", "view_unittype"),
        ("hierarchy", "view_municipality"),
        ("hierarchy", "view_edimessagetype"),
        ("hierarchy", "view_locationnumber"),
        ("hierarchy", "add_locationnumber"),
        ("hierarchy", "change_locationnumber"),
        ("hierarchy", "view_administratorscope"),
        ("hierarchy", "add_administratorscope"),
        ("hierarchy", "delete_administratorscope"),
        ("audit", "view_auditevent"),
    ],
    permissions.GROUP_MEDCOM: [
        ("hierarchy", "view_unit"),
        ("hierarchy", "view_locationnumber"),
        ("hierarchy", "change_locationnumber"),
        ("hierarchy", "view_edimessagetype"),
    ],
    permissions.GROUP_SUPPORT: [("audit", "view_auditevent")],
    permissions.GROUP_MUNICIPAL_ADMIN: [],
}


def ensure_groups(**kwargs) -> dict[str, Group]:
    groups = {}
    for name, perms in ADMIN_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            p
            for p in Permission.objects.filter(content_type__app_label__in={a for a, _ in perms})
            if (p.content_type.app_label, p.codename) in set(perms)
        ]
        group.permissions.set(wanted)
        groups[name] = group
    return groups
