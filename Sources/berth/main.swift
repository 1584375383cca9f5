import Engine
print("berth version \(BerthVersion.string)")
