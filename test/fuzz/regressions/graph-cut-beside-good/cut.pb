

xPlaceholder*
dtype0

yIdentityx*