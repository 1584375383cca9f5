import Engine

BerthCommand.run()
