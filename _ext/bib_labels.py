"""Bibliography labels that keep a year letter: [Su18a] and [Su18b] for years "2018a" and "2018b".

pybtex's alpha labels take the last two characters of the year, which turns "2018a" into "8a".
The letters are in the .bib years so that the in-text author-year citations read apart
(Su, 2018a / 2018b); this style takes the year's last two digits and lets alpha's own
de-duplication add the letter back.
"""
import re

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle


class DigitYearLabelStyle(AlphaLabelStyle):
    def format_label(self, entry):
        label = super().format_label(entry)                 # ends with the year's last two characters
        year = entry.fields.get("year", "")
        if year and not year.isdigit():
            label = label[:-2] + re.sub(r"\D", "", year)[-2:]
        return label


class AlphaDigitYearStyle(AlphaStyle):
    default_label_style = "alpha_digit_year"


def setup(app):
    register_plugin("pybtex.style.labels", "alpha_digit_year", DigitYearLabelStyle)
    register_plugin("pybtex.style.formatting", "alpha_digit_year", AlphaDigitYearStyle)
    return {"parallel_read_safe": True}
