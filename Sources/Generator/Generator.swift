import UnitParser
public enum Generator {}
