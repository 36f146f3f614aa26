# Developer shortcuts; the README's two commands are scripts/run-sample and scripts/run-tests.
.PHONY: setup test sample package i18n

setup:
	scripts/setup

test:
	scripts/run-tests

sample:
	scripts/run-sample

package:
	python3 scripts/package.py

i18n:
	scripts/i18n
