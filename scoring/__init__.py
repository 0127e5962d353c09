"""Scoring for the Grip op uitbesteding self-assessments: stdlib only, CPython and Pyodide alike."""

from ._catalog import Catalog, Migrated, check_history, record, retired
from ._chart import radar
from ._errors import LinkError, Problem, QuestionnaireError
from ._links import decode, encode, page_path
from ._model import SCALE, SCALE_MEANING, Condition, Level, Questionnaire, Recommendation, Statement, Theme
from ._report import to_dict, to_markdown
from ._score import MIN_COVERAGE, THRESHOLDS, Assessment, Fired, Result, assess, level_for, score

__version__ = "0.1.0"

__all__ = [
    "MIN_COVERAGE", "SCALE", "SCALE_MEANING", "THRESHOLDS",
    "Assessment", "Catalog", "Condition", "Fired", "Level", "LinkError", "Migrated", "Problem",
    "Questionnaire", "QuestionnaireError", "Recommendation", "Result", "Statement", "Theme",
    "assess", "check_history", "decode", "encode", "level_for", "page_path", "radar", "record", "retired", "score",
    "to_dict", "to_markdown",
]
