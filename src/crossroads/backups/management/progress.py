"""Progress bars for the stages of a backup or a restore (tqdm, shown on a terminal)."""

from collections.abc import Callable

from tqdm import tqdm


class Bars:
    """Makes a bar for each stage the services announce; closes them all at the end."""

    def __init__(self, stdout):
        self.quiet = not stdout.isatty()
        self.bars: list[tqdm] = []

    def __call__(self, stage: str, total: int) -> Callable[[int], None]:
        bar = tqdm(total=total, desc=stage, disable=self.quiet)
        self.bars.append(bar)
        return bar.update

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        for bar in self.bars:
            bar.close()
