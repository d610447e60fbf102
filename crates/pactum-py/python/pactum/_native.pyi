"""Type stubs of the native half of pactum (crates/pactum-py/src)."""

from typing import Any, Dict, List, Optional, Sequence, Tuple

VERSION: str

class NativeScenario:
    @property
    def id(self) -> str: ...
    def negotiators(self) -> List[str]: ...
    def document(self) -> str: ...
    def to_toml(self) -> Tuple[str, List[str]]: ...

class Own:
    """A party's own preferences, as a Python strategy sees them."""

    party: str
    fallback: float
    discount: float
    best: float
    floor: float
    issues: List[Tuple[str, List[str]]]
    @property
    def outcomes(self) -> int: ...
    @property
    def ranking(self) -> List[Tuple[int, float]]: ...
    def utility(self, outcome: Any) -> float: ...
    def acceptable(self, outcome: Any) -> bool: ...
    def index(self, outcome: Any) -> int: ...
    def outcome(self, index: int) -> Dict[str, str]: ...
    def at_least(self, target: float) -> Optional[int]: ...
    def at_most(self, target: float) -> Optional[int]: ...

class View:
    """The talks as a Python strategy sees them when it acts."""

    round: int
    deadline: int
    time: float
    own: Own
    offers: List[Tuple[str, int]]
    @property
    def party(self) -> str: ...

def load(source: str, allow_oversize: bool = True) -> NativeScenario: ...
def from_texts(name: str, files: List[Tuple[str, str]]) -> NativeScenario: ...
def bundled() -> List[str]: ...
def strategies() -> List[Tuple[str, List[Tuple[str, float, str, str]], str, str]]: ...
def analyze(
    scenario: NativeScenario,
    relax: List[str] = ...,
    fix: List[str] = ...,
    search_nodes: Optional[int] = None,
    limit: Optional[int] = None,
) -> str: ...
def run_talks(
    scenario: NativeScenario,
    strategies: Dict[str, Any],
    protocol: Optional[str] = None,
    mediator: Optional[str] = None,
    rounds: Optional[int] = None,
    seed: Optional[int] = None,
    relax: List[str] = ...,
    move_seconds: float = 10.0,
    negotiation_seconds: float = 120.0,
) -> Tuple[str, str]: ...
def run_tournament(
    scenarios: Sequence[NativeScenario],
    strategies: List[str],
    classes: Dict[str, Any],
    repetitions: int = 3,
    rounds: Optional[int] = None,
    seed: int = 1,
    self_play: bool = False,
    protocol: str = "saop",
    relax: List[str] = ...,
    db: Optional[str] = None,
    resume: bool = False,
    move_seconds: float = 10.0,
    negotiation_seconds: float = 120.0,
) -> str: ...
