"""Quizzes: questions of seven kinds, attempts that never lose an answer, statistics, GIFT."""
