"""Talent (人才供需): the majors catalogue, school cohorts, enterprise demand postings, students
and their applications, match runs with their proposed matches, and placements.

Every write goes through ``services.py``; the constraints here are the last line of defence.
One module per family: the catalogue, supply and demand, matching, import jobs.
"""

from .catalogue import Level, Major, MajorCategory, MajorClass
from .jobs import TalentImport
from .matching import DEFAULT_WEIGHTS, MatchAcceptance, MatchProposal, MatchRun, Placement
from .supply import Application, Cohort, Posting, Student, split_skills

__all__ = [
    "DEFAULT_WEIGHTS",
    "Application",
    "Cohort",
    "Level",
    "Major",
    "MajorCategory",
    "MajorClass",
    "MatchAcceptance",
    "MatchProposal",
    "MatchRun",
    "Placement",
    "Posting",
    "Student",
    "TalentImport",
    "split_skills",
]
