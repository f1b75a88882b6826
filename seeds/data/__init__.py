"""Data of the 城东区 demo as Python modules: organisations, people and suggestion templates."""

from seeds.data.templates_city import CITY
from seeds.data.templates_people import PEOPLE

TEMPLATES = (*CITY, *PEOPLE)
