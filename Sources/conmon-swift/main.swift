print("conmon-swift 0.1.0")
