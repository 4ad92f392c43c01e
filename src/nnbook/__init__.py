"""nnbook: the small, tested NumPy package behind the course *Activation functions, from
the perceptron to backpropagation*.

Every chapter of the book imports from here, and ``tests/`` checks every function on its
own. One idea per module:

- :mod:`nnbook.activations` — step and the activation functions (chapters 1-2)
- :mod:`nnbook.perceptron` — the perceptron and its learning rule (chapter 1)
- :mod:`nnbook.datasets` — generated toy data: logic gates, XOR, spirals, moons, circles
- :mod:`nnbook.plotting` — the shared figure style and plotting helpers
- :mod:`nnbook.widgets` — ipywidgets explorers built on :mod:`nnbook.plotting`
- :mod:`nnbook.gradcheck` — numerical gradients and relative error (chapter 6, and the tests)
- :mod:`nnbook.softmax`, :mod:`nnbook.losses` — softmax, log-sum-exp and losses from logits (chapter 5)
- :mod:`nnbook.nn` — a from-scratch MLP with initialisations, residuals, batch norm (chapters 4, 6)
- :mod:`nnbook.autograd` — a scalar reverse-mode autodiff ``Value`` and its graph drawing (chapter 6)
- :mod:`nnbook.exercises` — the checkers behind the exercises

Conventions: row vectors (``Z = X @ W + b`` with ``X`` of shape ``(n, n_in)`` and ``W`` of
shape ``(n_in, n_out)``), randomness only through ``np.random.default_rng(seed)``.
"""

__version__ = "0.1.0"
