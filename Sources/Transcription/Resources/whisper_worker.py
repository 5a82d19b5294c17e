# placeholder until the worker lands
