"""``gym.wrappers.Monitor`` of the gym stand-in: passes everything through, records nothing."""


class Monitor:
    def __init__(self, env, directory, force=False, **kwargs):
        self.env = env
        self.directory = directory

    def __getattr__(self, name):
        return getattr(self.env, name)

    def reset(self):
        return self.env.reset()

    def step(self, action):
        return self.env.step(action)
