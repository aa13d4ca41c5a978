2
"serve*2.15.0

xPlaceholder*
dtype0