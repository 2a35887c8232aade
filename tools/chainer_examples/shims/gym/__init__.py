"""A stand-in for the old (<= 0.21) OpenAI Gym API that Chainer's reinforcement-learning
examples use: ``gym.make('CartPole-v0' | 'Pendulum-v0')``, ``env.reset() -> obs``,
``env.step(a) -> (obs, reward, done, info)``, ``env.spec.timestep_limit`` /
``reward_threshold``, ``gym.spaces.Box`` / ``Discrete`` and a ``gym.wrappers.Monitor`` that
records nothing. Current gym (0.26) and gymnasium changed all of these, so the scripts cannot run
on them unmodified. The two environments follow the classic-control equations (cart-pole of
Barto, Sutton and Anderson; the frictionless pendulum), written here from their published
definitions. Only the runner of tools/chainer_examples puts this folder on ``sys.path``.
"""
import math

import numpy

from . import spaces, wrappers  # noqa: F401


class EnvSpec:
    def __init__(self, id, timestep_limit, reward_threshold):
        self.id = id
        self.timestep_limit = timestep_limit
        self.max_episode_steps = timestep_limit
        self.reward_threshold = reward_threshold


class Env:
    spec = None
    observation_space = None
    action_space = None

    def seed(self, seed=None):
        self._rng = numpy.random.RandomState(seed)
        return [seed]

    def close(self):
        pass

    def render(self, mode='human'):
        return None


class CartPole(Env):
    """Balance a pole on a cart; reward 1 per step, done when it falls or leaves the track."""

    def __init__(self):
        self.spec = EnvSpec('CartPole-v0', 200, 195.0)
        high = numpy.array([4.8, numpy.finfo(numpy.float32).max, 0.42,
                            numpy.finfo(numpy.float32).max], dtype=numpy.float32)
        self.observation_space = spaces.Box(-high, high, dtype=numpy.float32)
        self.action_space = spaces.Discrete(2)
        self.seed(0)
        self.state = None

    def reset(self):
        self.state = self._rng.uniform(-0.05, 0.05, size=4)
        return numpy.array(self.state, dtype=numpy.float32)

    def step(self, action):
        assert self.action_space.contains(action), action
        x, x_dot, theta, theta_dot = self.state
        gravity, m_cart, m_pole, half_len, tau = 9.8, 1.0, 0.1, 0.5, 0.02
        total = m_cart + m_pole
        force = 10.0 if action == 1 else -10.0
        cos, sin = math.cos(theta), math.sin(theta)
        tmp = (force + m_pole * half_len * theta_dot ** 2 * sin) / total
        theta_acc = (gravity * sin - cos * tmp) / (
            half_len * (4.0 / 3.0 - m_pole * cos ** 2 / total))
        x_acc = tmp - m_pole * half_len * theta_acc * cos / total
        x, x_dot = x + tau * x_dot, x_dot + tau * x_acc
        theta, theta_dot = theta + tau * theta_dot, theta_dot + tau * theta_acc
        self.state = (x, x_dot, theta, theta_dot)
        done = bool(abs(x) > 2.4 or abs(theta) > 12 * 2 * math.pi / 360)
        return numpy.array(self.state, dtype=numpy.float32), 1.0, done, {}


class Pendulum(Env):
    """Swing a pendulum up with a bounded torque; reward is minus the cost of angle, speed and
    torque."""

    def __init__(self):
        self.spec = EnvSpec('Pendulum-v0', 200, None)
        high = numpy.array([1.0, 1.0, 8.0], dtype=numpy.float32)
        self.observation_space = spaces.Box(-high, high, dtype=numpy.float32)
        self.action_space = spaces.Box(numpy.array([-2.0], dtype=numpy.float32),
                                       numpy.array([2.0], dtype=numpy.float32),
                                       dtype=numpy.float32)
        self.seed(0)
        self.state = None

    def _obs(self):
        th, thdot = self.state
        return numpy.array([math.cos(th), math.sin(th), thdot], dtype=numpy.float32)

    def reset(self):
        self.state = self._rng.uniform([-math.pi, -1.0], [math.pi, 1.0])
        return self._obs()

    def step(self, action):
        th, thdot = self.state
        u = float(numpy.clip(numpy.asarray(action).reshape(-1)[0], -2.0, 2.0))
        g, m, length, dt = 10.0, 1.0, 1.0, 0.05
        angle = ((th + math.pi) % (2 * math.pi)) - math.pi
        cost = angle ** 2 + 0.1 * thdot ** 2 + 0.001 * u ** 2
        thdot = thdot + (3 * g / (2 * length) * math.sin(th) + 3.0 / (m * length ** 2) * u) * dt
        thdot = float(numpy.clip(thdot, -8.0, 8.0))
        self.state = (th + thdot * dt, thdot)
        return self._obs(), -cost, False, {}


_REGISTRY = {'CartPole-v0': CartPole, 'CartPole-v1': CartPole,
             'Pendulum-v0': Pendulum, 'Pendulum-v1': Pendulum}


def make(id):
    """Make one of the stand-in environments (CartPole-v0, Pendulum-v0)."""
    try:
        return _REGISTRY[id]()
    except KeyError:
        raise KeyError('gym stand-in: no environment {!r} (have {})'.format(
            id, sorted(_REGISTRY))) from None
