"""The abstention model's boosted trees: read from JSON, evaluated with numpy, and the same
numbers scikit-learn's fitted model gives."""
from __future__ import annotations

import json

import numpy as np

from index.trees import TreeEnsemble, sklearn_trees_json


def test_rows_follow_the_splits_to_their_leaves():
    # tree 1: x0 <= 0.5 ? -1 : (x1 <= 2 ? 0.5 : 2); tree 2: x1 <= 0 ? 0.25 : -0.25
    data = {"inputs": ["a", "b"], "baseline": 0.1, "trees": [
        [[0, 0.5, 1, 2], [-1.0], [1, 2.0, 3, 4], [0.5], [2.0]],
        [[1, 0.0, 1, 2], [0.25], [-0.25]],
    ]}
    trees = TreeEnsemble.from_json(data)
    rows = np.array([[0.5, 0.0], [0.7, 2.0], [0.7, 3.0], [-4.0, 9.0]])
    assert np.allclose(trees.log_odds(rows), [0.1 - 1 + 0.25, 0.1 + 0.5 - 0.25, 0.1 + 2 - 0.25, 0.1 - 1 - 0.25])
    assert trees.columns(["x", "b", "a"]) == [2, 1]


def test_written_trees_reproduce_scikit_learns_probabilities():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    rows = rng.normal(size=(600, 4))
    labels = rows[:, 0] * rows[:, 1] + rows[:, 2] > 0.3  # needs interactions, so trees go deep
    model = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=15, early_stopping=False,
                                           random_state=0).fit(rows, labels)
    written = json.loads(json.dumps(sklearn_trees_json(model, ["a", "b", "c", "d"])))
    trees = TreeEnsemble.from_json(written)
    fresh = rng.normal(size=(200, 4))
    assert np.allclose(trees.log_odds(fresh), model.decision_function(fresh), atol=1e-5)


def test_a_tree_that_is_one_leaf_and_no_rows_at_all():
    # tree 1 splits twice on the left only (leaves at depths 1 and 2); tree 2 is a lone leaf
    data = {"inputs": ["a"], "baseline": 0.0, "trees": [
        [[0, 0.0, 1, 4], [0, -1.0, 2, 3], [-2.0], [-1.0], [1.0]],
        [[0.5]],
    ]}
    trees = TreeEnsemble.from_json(data)
    assert trees.log_odds(np.array([[-3.0], [-0.5], [2.0]])).tolist() == [-1.5, -0.5, 1.5]
    assert trees.log_odds(np.zeros((0, 1))).shape == (0,)
