import Generator
