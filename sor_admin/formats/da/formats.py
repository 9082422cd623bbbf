# Danish dates as the SOR GUI shows them: dd-mm-åååå (README.md, "dd-mm-åååå"). Input also accepts ISO
# (from <input type="date">) and the dotted Danish form.
# The one list of date input forms is sor_admin/dates.py.
from sor_admin.dates import DATE_INPUT_FORMATS as DATE_INPUT_FORMATS

DATE_FORMAT = "d-m-Y"
SHORT_DATE_FORMAT = "d-m-Y"
DATETIME_FORMAT = "d-m-Y H:i"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"

DATETIME_INPUT_FORMATS = ["%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
