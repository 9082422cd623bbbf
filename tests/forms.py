"""Helpers for posting the register's forms in tests."""


def form_data(form) -> dict:
    """What a browser sends for `form` as it is first shown (its initial values): ticked boxes
    as "on", dates as dd-mm-åååå, nothing for an empty value."""
    data = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else value
    return data
